import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, UsageError } from '../../server/src/cli/args';

const usage = (argv: string[], pattern: RegExp) =>
  assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && pattern.test(err.message));

describe('CLI arguments', () => {
  it('defaults: current directory, text, fail on error', () => {
    assert.deepEqual(parseArgs(['audit']), { kind: 'audit', dir: '.', format: 'text', output: null, failOn: 'error', verbose: false });
  });

  it('accepts separate, = and short forms, in any order, last one winning', () => {
    const expected = { kind: 'audit', dir: 'api', format: 'sarif', output: 'out.sarif', failOn: 'warning', verbose: true };
    assert.deepEqual(parseArgs(['audit', '--format', 'sarif', 'api', '-o', 'out.sarif', '--fail-on=warning', '--verbose']), expected);
    assert.deepEqual(parseArgs(['audit', 'api', '--format=json', '-f', 'sarif', '--output=out.sarif', '--fail-on', 'warning', '--verbose']), expected);
  });

  it('treats everything after -- as a directory, even when it looks like a flag', () => {
    assert.equal((parseArgs(['audit', '--', '-odd-dir']) as { dir: string }).dir, '-odd-dir');
  });

  it('help and version, as commands and as flags', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['audit', '--help'], ['audit', '--bogus', '-h'], ['rules', '-h']]) {
      assert.deepEqual(parseArgs(argv), { kind: 'help' }, argv.join(' '));
    }
    for (const argv of [['--version'], ['-v'], ['version'], ['audit', '--version']]) {
      assert.deepEqual(parseArgs(argv), { kind: 'version' }, argv.join(' '));
    }
  });

  it('rules takes only --format text|json', () => {
    assert.deepEqual(parseArgs(['rules']), { kind: 'rules', format: 'text' });
    assert.deepEqual(parseArgs(['rules', '--format=json']), { kind: 'rules', format: 'json' });
    usage(['rules', '--format', 'sarif'], /unknown --format value "sarif"/);
    usage(['rules', 'extra'], /unexpected argument "extra"/);
  });

  it('rejects what it does not understand, naming the problem', () => {
    usage([], /missing command/);
    usage(['frobnicate'], /unknown command "frobnicate"/);
    usage(['--bogus'], /unknown option --bogus/);
    usage(['audit', '--no-such-flag'], /unknown option --no-such-flag/);
    usage(['audit', '-x'], /unknown option -x/);
    usage(['audit', '--format', 'xml'], /unknown --format value "xml"/);
    usage(['audit', '--fail-on', 'sometimes'], /unknown --fail-on value "sometimes"/);
    usage(['audit', '--format'], /option --format needs a value/);
    usage(['audit', '--format='], /option --format needs a value/);
    usage(['audit', '--output', '--format', 'json'], /option --output needs a value/);
    usage(['audit', '--verbose=yes'], /--verbose takes no value/);
    usage(['audit', 'a', 'b'], /unexpected argument "b"/);
  });
});
