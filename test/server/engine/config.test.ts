import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig, parseConfigFile, sanitizeSettings } from '../../../server/src/engine/config';

const known = new Set(['dockerfile/root-user', 'compose/missing-healthcheck']);

describe('configuration', () => {
  it('reads rules, ignore and environments from .readiness.yaml', () => {
    const { config, problems } = parseConfigFile(
      'rules:\n  dockerfile/root-user: off\nignore:\n  - legacy/**\nenvironments:\n  production: [deploy/compose.yml]\n  development: ["**/*.staging.yml"]\n',
      known,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules, { 'dockerfile/root-user': 'off' });
    assert.deepEqual(config.ignore, ['legacy/**']);
    assert.deepEqual(config.environments, { production: ['deploy/compose.yml'], development: ['**/*.staging.yml'] });
  });

  it('editor settings override the project file, which overrides defaults', () => {
    const merged = mergeConfig(
      { rules: { 'dockerfile/root-user': 'error', 'compose/missing-healthcheck': 'off' }, ignore: ['a/**'] },
      { rules: { 'dockerfile/root-user': 'info' }, ignore: ['b/**'], debounceMs: 50 },
    );
    assert.deepEqual(merged.rules, { 'dockerfile/root-user': 'info', 'compose/missing-healthcheck': 'off' });
    assert.deepEqual(merged.ignore, ['a/**', 'b/**']);
    assert.equal(merged.debounceMs, 50);
    assert.equal(merged.enable, true);
  });

  it('invalid config yields problems with positions and falls back to defaults per key', () => {
    const { config, problems } = parseConfigFile('rules:\n  dockerfile/root-user: loud\nignore: vendor\nfoo: 1\n', known);
    assert.equal(problems.length, 3);
    assert.deepEqual(problems.map((p) => p.range.start.line), [1, 2, 3]);
    assert.deepEqual(config.rules, {});
    assert.equal(config.ignore, undefined);
  });

  it('never throws on hostile YAML', () => {
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nrules: *c\n';
    for (const text of [bomb, '\u0000\u0001', '['.repeat(5000), '- a\n- b\n', 'rules:\n\t- x']) {
      const { problems } = parseConfigFile(text, known);
      assert.ok(Array.isArray(problems));
    }
  });

  it('sanitizes untrusted editor settings', () => {
    assert.deepEqual(sanitizeSettings(null, known), {});
    assert.deepEqual(
      sanitizeSettings({ rules: { 'dockerfile/root-user': 'warning', 'x/y': 'off', 'compose/missing-healthcheck': 7 }, exclude: ['a', 3], debounceMs: -1 }, known),
      { rules: { 'dockerfile/root-user': 'warning' }, ignore: ['a'] },
    );
  });
});

describe('configuration size cap', () => {
  it('reports an oversized file at its first character, never at a negative position', () => {
    const { problems } = parseConfigFile('# padding\n'.repeat(30_000), known);
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0].range.start, { line: 0, character: 0 });
  });
});
