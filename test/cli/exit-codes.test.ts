import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../server/src/engine/registry';
import { auditJson, requireBuiltCli, runCli, shopFixture, tempDir, type CliRun, type JsonReport } from './_cli';

let scratch: { dir: string; cleanup: () => void };
let shop: JsonReport;
before(() => {
  requireBuiltCli();
  scratch = tempDir();
  shop = auditJson(shopFixture).report;
});
after(() => scratch.cleanup());

/** Usage and I/O errors: exit 2, nothing on stdout, exactly one `readiness: …` line on stderr. */
function assertUsageError(run: CliRun, reason: RegExp): void {
  assert.equal(run.status, 2, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^readiness: [^\n]+\n$/, `one line on stderr, got: ${JSON.stringify(run.stderr)}`);
  assert.match(run.stderr, reason);
  assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+/, 'no stack trace');
}

describe('exit codes', () => {
  it('0 for an empty directory and for one with nothing to analyse', () => {
    const empty = join(scratch.dir, 'empty');
    mkdirSync(empty);
    assert.equal(runCli(['audit', empty]).status, 0);
    const notes = join(scratch.dir, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'notes.txt'), 'nothing to see\n');
    const run = runCli(['audit', notes, '--fail-on', 'info']);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.stderr, '');
  });

  it('audits the current directory by default', () => {
    const run = runCli(['audit', '--format', 'json', '--fail-on', 'never'], { cwd: shopFixture });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as JsonReport).findings.length, shop.findings.length);
  });

  it('1 exactly when a finding is at or above --fail-on, 0 with never', () => {
    const severities = new Set(shop.findings.map((f) => f.severity));
    assert.ok(severities.has('error'), 'the shop fixture has an error-level finding');
    const expected = {
      error: severities.has('error') ? 1 : 0,
      warning: severities.has('error') || severities.has('warning') ? 1 : 0,
      info: shop.findings.length > 0 ? 1 : 0,
      never: 0,
    };
    for (const [failOn, status] of Object.entries(expected)) {
      const run = runCli(['audit', shopFixture, '--format', 'json', '--fail-on', failOn]);
      assert.equal(run.status, status, `--fail-on ${failOn}`);
      assert.equal(run.stderr, '');
      assert.doesNotThrow(() => JSON.parse(run.stdout), 'the report is printed whatever the exit code');
    }
    assert.equal(runCli(['audit', shopFixture]).status, expected.error, 'default threshold is error');
  });

  it('2 for a missing directory or a file given as directory', () => {
    assertUsageError(runCli(['audit', join(scratch.dir, 'does-not-exist')]), /no such directory/);
    const file = join(scratch.dir, 'plain.txt');
    writeFileSync(file, 'x\n');
    assertUsageError(runCli(['audit', file]), /not a directory/);
  });

  it('2 for bad usage: unknown flag or command, bad or missing values', () => {
    assertUsageError(runCli(['audit', shopFixture, '--no-such-flag']), /unknown option --no-such-flag/);
    assertUsageError(runCli(['audit', shopFixture, '--format', 'xml']), /--format.*"xml"/);
    assertUsageError(runCli(['audit', shopFixture, '--format']), /--format needs a value/);
    assertUsageError(runCli(['audit', shopFixture, '--fail-on', 'critical']), /--fail-on.*"critical"/);
    assertUsageError(runCli(['deploy']), /unknown command "deploy"/);
    assertUsageError(runCli([]), /missing command/);
  });

  it('2 when the output file cannot be written, and nothing is written elsewhere', () => {
    assertUsageError(runCli(['audit', shopFixture, '-o', join(scratch.dir, 'no-such-dir', 'report.json')]), /cannot write .*report\.json: no such directory/);
    assertUsageError(runCli(['audit', shopFixture, '--output', scratch.dir]), /cannot write .*: is a directory/);
    const blocker = join(scratch.dir, 'blocker');
    writeFileSync(blocker, '');
    assertUsageError(runCli(['audit', shopFixture, '--output', join(blocker, 'report.json')]), /cannot write/);
  });
});

describe('readiness rules, --help, --version', () => {
  it('rules lists every registered rule with category, severity and fix safety', () => {
    const run = runCli(['rules', '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const rules = JSON.parse(run.stdout) as { id: string; category: string; severity: string; fixes: string[]; summary: string }[];
    const registered = allRules().map((r) => r.id).sort();
    assert.deepEqual(rules.map((r) => r.id), registered, 'rebuild (npm run build) if a rule was added since');
    for (const r of rules) {
      assert.ok(r.category && r.severity && r.summary && Array.isArray(r.fixes), r.id);
    }
    const text = runCli(['rules']);
    assert.equal(text.status, 0);
    const lines = text.stdout.split('\n');
    for (const r of rules) {
      const fix = r.fixes.length ? r.fixes.join(', ') : '—';
      assert.ok(lines.some((l) => l.startsWith(r.id + ' ') && l.includes(` ${r.category} `) && l.includes(` ${r.severity} `) && l.includes(` ${fix} `)), r.id);
    }
  });

  it('--help and --version exit 0 on stdout', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['audit', '--help']]) {
      const run = runCli(args);
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /readiness audit \[dir\]/);
      assert.match(run.stdout, /--fail-on error\|warning\|info\|never/);
      assert.equal(run.stderr, '');
    }
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = runCli([flag]);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, `${version}\n`);
    }
  });
});
