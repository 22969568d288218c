import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { rangeOf, type Range } from '../../../../server/src/core/types';
import { effectiveCommand, findFlag, findSetOptions, hasFlag, subcommand } from '../../../../server/src/parsers/shell/commands';
import { fastParse } from '../../../../server/src/parsers/shell/fast';
import { getLoadedParser, loadGrammar } from '../../../../server/src/parsers/shell/grammar';
import type { ShellCommand, ShellScript } from '../../../../server/src/parsers/shell/model';
import { parseShell, parseWithTreeSitter } from '../../../../server/src/parsers/shell/parse';

/** Host = the script itself on one line, so ranges are easy to read. */
const identity = (s: number, e: number): Range => rangeOf(0, s, 0, e);
const parse = (source: string): ShellScript => parseShell(source, identity);
const names = (script: ShellScript): (string | undefined)[] => script.commands.map((c) => c.name?.text);
const byName = (script: ShellScript, name: string): ShellCommand => {
  const found = script.commands.find((c) => c.name?.text === name);
  assert.ok(found, `no command ${name} in ${names(script).join(',')}`);
  return found;
};

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

describe('shell grammar loading', () => {
  it('loads once and shares the promise between concurrent callers', async () => {
    const [a, b] = [loadGrammar('bash'), loadGrammar('bash')];
    assert.equal(a, b);
    await Promise.all([a, b]);
    assert.ok(getLoadedParser('bash'));
  });
});

describe('parseShell', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  it('removes quotes from static words and keeps raw text and offsets', () => {
    const s = parse(`cmd "a b" 'c'd a\\ b $'x\\ty' "q\\"r" plain`);
    const cmd = s.commands[0];
    assert.equal(cmd.name?.text, 'cmd');
    assert.deepEqual(
      cmd.args.map((a) => a.text),
      ['a b', 'cd', 'a b', 'x\ty', 'q"r', 'plain'],
    );
    assert.ok(cmd.args.every((a) => !a.dynamic));
    assert.equal(cmd.args[0].raw, '"a b"');
    assert.equal(cmd.args[0].start, 4);
    assert.equal(cmd.args[0].end, 9);
    assert.deepEqual(cmd.args[5].range, rangeOf(0, 35, 0, 40));
    assert.equal(s.source.slice(cmd.args[5].start, cmd.args[5].end), 'plain');
  });

  it('marks words with expansions as dynamic and keeps their raw text', () => {
    const cmd = parse('echo $X "$(pwd)" a${B}c `id` "$HOME/x" lit').commands[0];
    assert.deepEqual(
      cmd.args.map((a) => [a.text, a.dynamic]),
      [['$X', true], ['"$(pwd)"', true], ['a${B}c', true], ['`id`', true], ['"$HOME/x"', true], ['lit', false]],
    );
  });

  it('collects assignment prefixes, bare assignments and declarations', () => {
    const s = parse('FOO=1 BAR="x y" cmd arg; A=1 B=2; export NODE_TLS_REJECT_UNAUTHORIZED=0 X; unset Y');
    const cmd = byName(s, 'cmd');
    assert.deepEqual(cmd.assignments.map((a) => [a.name, a.value]), [['FOO', '1'], ['BAR', 'x y']]);
    assert.deepEqual(cmd.args.map((a) => a.text), ['arg']);
    const bare = s.commands.find((c) => c.name === null);
    assert.deepEqual(bare?.assignments.map((a) => a.name), ['A', 'B']);
    const exp = byName(s, 'export');
    assert.deepEqual(exp.args.map((a) => a.text), ['NODE_TLS_REJECT_UNAUTHORIZED=0', 'X']);
    assert.deepEqual(exp.assignments.map((a) => [a.name, a.value]), [['NODE_TLS_REJECT_UNAUTHORIZED', '0']]);
    assert.deepEqual(byName(s, 'unset').args.map((a) => a.text), ['Y']);
  });

  it('records pipelines, with fresh ids inside command substitutions', () => {
    const s = parse('curl -fsSL https://x | sh -s -- -y; echo $(a | b) | c');
    assert.deepEqual(byName(s, 'curl').pipeline, { id: 0, index: 0, length: 2 });
    assert.deepEqual(byName(s, 'sh').pipeline, { id: 0, index: 1, length: 2 });
    assert.deepEqual(byName(s, 'echo').pipeline, { id: 1, index: 0, length: 2 });
    assert.deepEqual(byName(s, 'a').pipeline, { id: 2, index: 0, length: 2 });
    assert.deepEqual(byName(s, 'c').pipeline, { id: 1, index: 1, length: 2 });
  });

  it('gives every command left of || the fallback text, innermost first', () => {
    const s = parse('apt-get update && apt-get install -y curl || true');
    assert.deepEqual(s.commands.map((c) => c.orElse), ['true', 'true', undefined]);
    const chain = parse('a || b || c');
    assert.deepEqual(chain.commands.map((c) => c.orElse), ['b', 'c', undefined]);
    const nested = parse('(a || b) || echo "failed x"');
    assert.deepEqual(nested.commands.map((c) => c.orElse), ['b', 'echo "failed x"', undefined]);
    const piped = parse('a | b || exit 1');
    assert.deepEqual(piped.commands.map((c) => c.orElse), ['exit 1', 'exit 1', undefined]);
    const andAfter = parse('a || b && c');
    assert.deepEqual(andAfter.commands.map((c) => c.orElse), ['b', undefined, undefined]);
    // A substituted command's failure is not handled by the outer fallback.
    const sub = parse('x "$(y)" || z');
    assert.equal(byName(sub, 'x').orElse, 'z');
    assert.equal(byName(sub, 'y').orElse, undefined);
  });

  it('finds commands in subshells, substitutions, control flow, functions and heredoc bodies', () => {
    const s = parse(
      [
        'f() { inf; }',
        'if [ -f "$(cond)" ]; then th; elif el1; then el2; else el3; fi',
        'while read l; do wh; done < file',
        'for i in 1 2; do fo "$i"; done',
        'case "$x" in a) ca;; esac',
        '(sub1; sub2) && x=$(assign)',
        'echo `tick` <(proc)',
        'cat <<EOF > /f',
        'body $(inbody)',
        'EOF',
        'last',
      ].join('\n'),
    );
    assert.deepEqual(names(s), [
      'inf', 'cond', 'th', 'el1', 'el2', 'el3', 'read', 'wh', 'fo', 'ca', 'sub1', 'sub2', undefined, 'assign',
      'echo', 'tick', 'proc', 'cat', 'inbody', 'last',
    ]);
    assert.ok(s.commands.every((c, i) => c.index === i));
    for (let i = 1; i < s.commands.length; i++) assert.ok(s.commands[i].start >= s.commands[i - 1].start);
    assert.equal(s.hasErrors, false);
  });

  it('extracts what it can from broken scripts and reports errors', () => {
    const s = parse('apt-get install -y curl && ( echo "unterminated');
    assert.equal(s.hasErrors, true);
    assert.equal(s.commands[0].name?.text, 'apt-get');
    const t = parse('if then fi ))) curl -k https://x');
    assert.equal(t.hasErrors, true);
  });

  it('survives deep nesting without overflowing the stack', () => {
    const parens = timed(() => parse('( '.repeat(10000) + 'x' + ' )'.repeat(10000)));
    assert.equal(parens.value.commands.at(-1)?.name?.text, 'x');
    // `((…))` is arithmetic: no command at all, and no crash.
    assert.doesNotThrow(() => parse('('.repeat(10000) + 'x' + ')'.repeat(10000)));
    const subst = timed(() => parse('echo ' + '$('.repeat(10000) + 'x' + ')'.repeat(10000)));
    assert.equal(subst.value.commands.length, 10001);
    assert.ok(parens.ms + subst.ms < 20000, `deep nesting took ${parens.ms + subst.ms} ms`);
  });

  it('stays linear on long chains and never throws on binary input', () => {
    const chain = timed(() => parse(Array.from({ length: 50000 }, (_, i) => `c${i}`).join(' || ')));
    assert.equal(chain.value.commands.length, 50000);
    assert.equal(chain.value.commands[49998].orElse, 'c49999');
    const quoted = timed(() => parse(Array.from({ length: 20000 }, (_, i) => `c "${i}"`).join(' || ')));
    assert.equal(quoted.value.commands[0].orElse, 'c "1"');
    assert.ok(chain.ms + quoted.ms < 20000, `chains took ${chain.ms + quoted.ms} ms`);
    for (let i = 0; i < 5; i++) {
      const garbage = randomBytes(20000).toString('latin1');
      assert.doesNotThrow(() => parse(garbage));
    }
    assert.doesNotThrow(() => parse(''));
  });
});

describe('fast path', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  it('accepts only plain scripts', () => {
    const accept = (source: string): boolean => fastParse({ source, commands: [], hasErrors: false, toHostRange: identity });
    assert.equal(accept('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), true);
    assert.equal(accept('echo "quoted"'), false);
    assert.equal(accept('echo $HOME'), false);
    assert.equal(accept('a > b'), false);
    assert.equal(accept('if true; then x; fi'), false);
    assert.equal(accept('a &&'), false);
    assert.equal(accept('a & b'), false);
    assert.equal(accept('a |& b'), false);
    assert.equal(accept('export A=1'), false);
  });

  it('produces exactly what the tree-sitter walk produces', () => {
    const words = ['apt-get', 'install', '-y', 'curl', 'A=1', 'B=x', '--flag=v', '/var/lib/*', 'rm', 'true', 'sh', '-', '1', 'a.b:c', 'x,y', '~/z', 'C='];
    const ops = [' && ', ' || ', ' | ', '; ', '\n', ' |& ', ' &&\n  '];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let compared = 0;
    for (let round = 0; round < 2000; round++) {
      let source = '';
      const commands = 1 + rand(5);
      for (let c = 0; c < commands; c++) {
        const count = 1 + rand(4);
        source += Array.from({ length: count }, () => words[rand(words.length)]).join(' '.repeat(1 + rand(2)));
        if (c < commands - 1) source += ops[rand(ops.length)];
      }
      const fast = { source, commands: [], hasErrors: false, toHostRange: identity } as ShellScript;
      if (!fastParse(fast)) continue;
      const slow = parseWithTreeSitter({ source, commands: [], hasErrors: false, toHostRange: identity });
      const view = (s: ShellScript): unknown =>
        s.commands.map((c) => ({
          name: c.name && [c.name.text, c.name.start, c.name.end],
          args: c.args.map((a) => [a.text, a.start, a.end, a.dynamic]),
          assignments: c.assignments.map((a) => [a.name, a.value]),
          start: c.start,
          end: c.end,
          pipeline: c.pipeline,
          orElse: c.orElse,
        }));
      assert.deepEqual(view(fast), view(slow), `mismatch for ${JSON.stringify(source)}`);
      assert.equal(slow.hasErrors, false, source);
      compared++;
    }
    assert.ok(compared > 400, `only ${compared} generated scripts took the fast path`);
  });
});

describe('command helpers', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  it('unwraps sudo, env, exec, nohup, time and command', () => {
    const cmd = parse('sudo -E -u root env -i A=1 exec nohup time command curl -k https://x').commands[0];
    const eff = effectiveCommand(cmd);
    assert.equal(eff?.name.text, 'curl');
    assert.deepEqual(eff?.args.map((a) => a.text), ['-k', 'https://x']);
    assert.deepEqual(eff?.wrappers, ['sudo', 'env', 'exec', 'nohup', 'time', 'command']);
    assert.deepEqual(eff?.assignments.map((a) => [a.name, a.value]), [['A', '1']]);
    assert.equal(effectiveCommand(parse('command -v curl').commands[0])?.name.text, 'command');
    assert.equal(effectiveCommand(parse('env').commands[0])?.name.text, 'env');
    assert.equal(effectiveCommand(parse('exec "$@"').commands[0]), undefined);
    assert.equal(effectiveCommand(parse('/usr/bin/sudo apt-get install x').commands[0])?.name.text, 'apt-get');
    assert.equal(effectiveCommand(parse('gosu app:app python app.py').commands[0])?.name.text, 'python');
  });

  it('finds flags in clusters and long forms, and stops at --', () => {
    const args = (s: string) => parse(s).commands[0].args;
    assert.equal(hasFlag(args('curl -sSkL https://x'), ['k'], ['insecure']), true);
    assert.equal(hasFlag(args('curl --insecure https://x'), ['-k'], ['--insecure']), true);
    assert.equal(findFlag(args('wget --no-check-certificate=on x'), [], ['no-check-certificate'])?.text, '--no-check-certificate=on');
    assert.equal(hasFlag(args('curl -sSL https://x'), ['k'], ['insecure']), false);
    assert.equal(hasFlag(args('curl -- -k'), ['k'], []), false);
    assert.equal(hasFlag(args('curl -okey https://x'), ['k'], [], { shortWithValue: ['o'] }), false);
    assert.equal(hasFlag(args('curl $OPTS https://x'), ['k'], []), false);
  });

  it('finds subcommands, skipping options and their values', () => {
    const args = (s: string) => parse(s).commands[0].args;
    assert.equal(subcommand(args('apt-get -y install curl'))?.text, 'install');
    assert.equal(subcommand(args('apt-get -o Dpkg::Options::=x install curl'), ['-o'])?.text, 'install');
    assert.equal(subcommand(args('git -c http.sslVerify=false clone x'), ['-c'])?.text, 'clone');
    assert.equal(subcommand(args('npm')), undefined);
  });

  it('tracks set -o pipefail and friends before an offset', () => {
    const s = parse('set -euxo pipefail; curl x | sh');
    assert.deepEqual(findSetOptions(s), { pipefail: true, errexit: true, nounset: true, xtrace: true });
    assert.equal(findSetOptions(parse('set -o pipefail && a | b')).pipefail, true);
    assert.equal(findSetOptions(parse('set -eo pipefail; a | b')).pipefail, true);
    assert.equal(findSetOptions(parse('set -e; a | b')).pipefail, false);
    assert.equal(findSetOptions(parse('set -o pipefail; set +o pipefail; a | b')).pipefail, false);
    const late = parse('a | b; set -o pipefail');
    assert.equal(findSetOptions(late, late.commands[1].start).pipefail, false);
    assert.equal(findSetOptions(late).pipefail, true);
  });
});
