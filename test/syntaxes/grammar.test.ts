/**
 * Checks the `readiness-ignore` TextMate grammars without a TextMate engine: every regex must compile
 * as a JavaScript RegExp (with the `u` flag, which rejects Oniguruma-only escapes such as `\G` or `\h`
 * instead of reading them as letters), the directive rule must match and capture what the engine
 * parses, every `include` must resolve, and each scope the manifest injects into must be reachable by
 * the grammar's injection selector.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  repository?: Record<string, Rule>;
  name?: string;
}

interface Grammar extends Rule {
  scopeName: string;
  injectionSelector?: string;
  repository: Record<string, Rule>;
}

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: GrammarContribution[] };
};
const contributions = manifest.contributes.grammars;
const grammars = new Map<string, Grammar>(
  contributions.map((c) => [c.scopeName, JSON.parse(readFileSync(join(root, c.path), 'utf8')) as Grammar]),
);

function grammar(scopeName: string): Grammar {
  const g = grammars.get(scopeName);
  assert.ok(g, `no grammar contributed for ${scopeName}`);
  return g;
}

/** Every rule of a grammar, nested ones included, with a path for messages. */
function* rules(rule: Rule, at: string): Generator<[string, Rule]> {
  yield [at, rule];
  for (const [i, child] of (rule.patterns ?? []).entries()) yield* rules(child, `${at}.patterns[${i}]`);
  for (const key of ['captures', 'beginCaptures', 'endCaptures', 'repository'] as const) {
    for (const [name, child] of Object.entries(rule[key] ?? {})) yield* rules(child, `${at}.${key}.${name}`);
  }
}

function regex(source: string | undefined, flags = 'u'): RegExp {
  assert.ok(source !== undefined);
  return new RegExp(source, flags);
}

const directive = regex(grammar('readiness.ignore.injection').repository['directive']?.match);
const ruleId = regex(grammar('readiness.ignore.injection').repository['rule-id']?.match, 'gu');

/** What the directive rule captures in `line`: keyword, rule ids (via the nested rule-id rule), reason. */
function parse(line: string): { keyword: string; ids: string[]; reason: string | undefined } | undefined {
  const m = directive.exec(line);
  if (!m) return undefined;
  return { keyword: m[1] ?? '', ids: (m[2] ?? '').match(ruleId) ?? [], reason: m[4]?.trim() };
}

describe('readiness-ignore grammars', () => {
  it('compile every regex as a JavaScript RegExp', () => {
    for (const [scopeName, g] of grammars) {
      for (const [at, rule] of rules(g, scopeName)) {
        for (const key of ['match', 'begin', 'end', 'while'] as const) {
          const source = rule[key];
          if (source === undefined) continue;
          assert.doesNotThrow(() => new RegExp(source, 'u'), `${at}.${key}: ${source}`);
        }
      }
    }
  });

  it('resolve every include', () => {
    for (const [scopeName, g] of grammars) {
      for (const [at, rule] of rules(g, scopeName)) {
        if (rule.include === undefined || rule.include === '$self' || rule.include === '$base') continue;
        const [target, key] = rule.include.startsWith('#')
          ? [g, rule.include.slice(1)]
          : [grammar(rule.include.split('#')[0] ?? ''), rule.include.split('#')[1] ?? ''];
        assert.ok(target.repository[key], `${at}: unresolved include ${rule.include}`);
      }
    }
  });

  it('capture the keyword, the rule ids and the reason', () => {
    assert.deepEqual(parse('# readiness-ignore dockerfile/root-user,shell/curl-pipe-shell -- vendor image'), {
      keyword: 'readiness-ignore',
      ids: ['dockerfile/root-user', 'shell/curl-pipe-shell'],
      reason: 'vendor image',
    });
    assert.deepEqual(parse('// readiness-ignore-file code/missing-metrics'), {
      keyword: 'readiness-ignore-file',
      ids: ['code/missing-metrics'],
      reason: undefined,
    });
    assert.deepEqual(parse('# readiness-ignore compose/unpinned-image , compose/missing-healthcheck'), {
      keyword: 'readiness-ignore',
      ids: ['compose/unpinned-image', 'compose/missing-healthcheck'],
      reason: undefined,
    });
  });

  it('stop the reason before the end of a block comment', () => {
    assert.equal(parse('/* readiness-ignore code/cors-wildcard -- public API */')?.reason, 'public API');
  });

  it('ignore words that only contain the directive', () => {
    assert.equal(parse('# not-readiness-ignore dockerfile/root-user'), undefined);
    assert.equal(parse('# readiness-ignored dockerfile/root-user'), undefined);
    assert.equal(parse('# readiness-ignore_file dockerfile/root-user'), undefined);
  });

  it('claim Dockerfile comment lines that hold a directive, and only those', () => {
    const begin = regex(grammar('readiness.ignore.dockerfile.injection').repository['directive-comment']?.begin);
    assert.match('# readiness-ignore dockerfile/root-user -- base image sets USER', begin);
    assert.match('  # readiness-ignore-file dockerfile/missing-healthcheck', begin);
    assert.doesNotMatch('# an ordinary comment', begin);
    assert.doesNotMatch('RUN echo readiness-ignore dockerfile/root-user', begin);
    assert.doesNotMatch('# see readiness-ignored.md', begin);
  });

  it('reach every scope the manifest injects into', () => {
    for (const contribution of contributions) {
      const selector = grammar(contribution.scopeName).injectionSelector;
      assert.ok(selector, `${contribution.scopeName} has injectTo but no injectionSelector`);
      // Alternatives are comma-separated; `L:`/`R:` only set priority; `-scope` excludes.
      const alternatives = selector.split(',').map((alt) =>
        alt
          .trim()
          .replace(/^[LR]:/, '')
          .split(/\s+/)
          .filter((scope) => scope !== '' && !scope.startsWith('-')),
      );
      for (const target of contribution.injectTo ?? []) {
        const reached = alternatives.some((scopes) => {
          const roots = scopes.filter((s) => s.startsWith('source.') || s.startsWith('text.'));
          // A selector naming no grammar (e.g. `comment`) applies inside any grammar it is injected into;
          // TextMate scope selectors match by prefix, so `source.js` also covers `source.js.jsx`.
          return roots.length === 0 || roots.some((r) => target === r || target.startsWith(`${r}.`));
        });
        assert.ok(reached, `${contribution.scopeName}: injectTo ${target} is not matched by "${selector}"`);
      }
    }
  });

  it('inject the comment grammar into every language the client analyses', () => {
    const injectTo = contributions.find((c) => c.scopeName === 'readiness.ignore.injection')?.injectTo ?? [];
    for (const scope of ['source.dockerfile', 'source.yaml', 'source.python', 'source.ts', 'source.tsx', 'source.js', 'source.js.jsx', 'source.go']) {
      assert.ok(injectTo.includes(scope), `missing injectTo ${scope}`);
    }
  });
});
