import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireBuiltCli, runCli, tempDir, type CliRun, type JsonReport } from './_cli';

/**
 * A workspace of hostile files: the CLI must finish, print a valid report and exit 0 or 1 — never
 * crash, hang or print a stack trace.
 */
let ws: { dir: string; cleanup: () => void };
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

function put(path: string, content: string | Buffer): string {
  const full = join(ws.dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

before(() => {
  requireBuiltCli();
  ws = tempDir('readiness-hostile-');
  put('api/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n');
  // NUL bytes: a binary that happens to be named like something we analyse.
  put('binary/Dockerfile', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe, 0, 0x0a, 0x46, 0x52, 0x4f, 0x4d]));
  put('latin1/Dockerfile', Buffer.concat([Buffer.from('FROM debian:12\n# caf'), Buffer.from([0xe9, 0xff, 0xfe, 0x0a]), Buffer.from('RUN echo \xff done\n', 'latin1')]));
  put('crlf/Dockerfile', '\ufeffFROM node:20-alpine\r\nWORKDIR /srv\r\nRUN npm ci \\\r\n  --omit=dev\r\nCMD ["node", "index.js"]\r\n');
  put('continuations/Dockerfile', '\\\n\\\n\\\n\\\n');
  put('heredoc/Dockerfile', 'RUN <<EOF\nset -e\necho hello\nEOF\n');
  put('big/Dockerfile', 'FROM alpine:3.20\n' + 'RUN echo ' + 'x'.repeat(5 * 1024 * 1024) + '\n');
  put('big/app.py', '# generated\n' + 'VALUE = 1\n'.repeat(520_000));
  // Anchors, merge keys and 200 levels of nesting: the YAML side must neither recurse away nor expand.
  const nested = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n');
  put('compose.yaml', ['x-base: &base', '  image: redis:7', 'services:', '  a: *base', '  b:', '    <<: *base', '  deep:', nested, ''].join('\n'));
  put('locked/Dockerfile', 'FROM alpine:3.20\n');
  chmodSync(join(ws.dir, 'locked/Dockerfile'), 0o000);
  put('sealed/inner/Dockerfile', 'FROM alpine:3.20\n');
  chmodSync(join(ws.dir, 'sealed'), 0o000);
  symlinkSync('.', join(ws.dir, 'loop'));
  // Reading a FIFO would block forever; discovery must not even open it.
  mkdirSync(join(ws.dir, 'fifo'));
  spawnSync('mkfifo', [join(ws.dir, 'fifo', 'Dockerfile')]);
  chmodSync(ws.dir, 0o755);
});

after(() => {
  try {
    chmodSync(join(ws.dir, 'sealed'), 0o755);
  } finally {
    ws.cleanup();
  }
});

function assertReport(run: CliRun): JsonReport {
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\bat .+:\d+:\d+/, 'no stack trace');
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(report.version, 1);
  return report;
}

describe('hostile workspaces', () => {
  it('binary, invalid UTF-8, CRLF+BOM, 5 MB, unreadable files, symlink loops and FIFOs do not crash the audit', () => {
    const run = runCli(['audit', ws.dir, '--format', 'json']);
    const report = assertReport(run);
    assert.equal(run.stderr, '', 'nothing on stderr without --verbose');
    const files = new Set(report.findings.map((f) => f.file));
    assert.ok(!files.has('binary/Dockerfile'), 'binary files are not analysed');
    assert.ok(!files.has('big/Dockerfile'), 'files over the size cap are not analysed');
    for (const f of report.findings) assert.ok(f.file === null || !f.file.startsWith('loop/'), 'symlinks are not followed');
    for (const format of ['text', 'sarif', 'markdown']) {
      const other = runCli(['audit', ws.dir, '--format', format]);
      assert.ok(other.status === 0 || other.status === 1, `${format}: exit ${other.status}: ${other.stderr}`);
      assert.ok(other.stdout.length > 0, format);
    }
  });

  it('--verbose explains skipped files on stderr, one `readiness:` line each, and keeps stdout a valid report', () => {
    const run = runCli(['audit', ws.dir, '--format', 'json', '--verbose']);
    assertReport(run);
    const lines = run.stderr.trimEnd().split('\n');
    assert.ok(lines.every((l) => l.startsWith('readiness: ')), run.stderr);
    assert.ok(lines.some((l) => l.includes('big/Dockerfile') && /larger than/.test(l)), run.stderr);
    assert.match(lines[lines.length - 1], /analysed \d+ files in \d+ ms/);
  });

  it('reports unreadable files and directories as skipped (run as an unprivileged user when root)', (t) => {
    // Root reads mode-000 files, so the check drops to `nobody` when it can.
    const asNobody = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    let run: CliRun;
    try {
      run = runCli(['audit', ws.dir, '--format', 'json', '--verbose'], asNobody);
    } catch (err) {
      t.diagnostic(`cannot drop privileges (${(err as Error).message}); only checking that root does not crash`);
      assertReport(runCli(['audit', ws.dir, '--format', 'json']));
      return;
    }
    const report = assertReport(run);
    assert.match(run.stderr, /readiness: skipped sealed: unreadable directory/);
    // The engine's binary sniff currently swallows the EACCES of an unreadable file (it is skipped
    // silently as if binary); what matters here is that it is skipped, not analysed as empty text.
    assert.ok(!report.findings.some((f) => f.file === 'locked/Dockerfile' || f.file?.startsWith('sealed/')));
  });
});
