/**
 * The minimal reproducers of the defects the robustness suite found (all fixed since), kept as
 * regression tests through the whole pipeline: each workspace is analysed in the sandbox within a
 * time bound and must report no crash and no out-of-range position. The ones that once aborted V8
 * run in a child process (a regression must not take the test runner down with it), and the ignore
 * files that crashed `readiness audit` are replayed on disk through the built CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO } from './_corpus';
import { isHang, Sandbox } from './_sandbox';

const BOUND_MS = 2_000;
const ladder = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');

/** [what was wrong, where, workspace, runs in a child process]. */
const CASES: [string, string, Record<string, string>, boolean?][] = [
  ['unclosed `{` runs in a .gitignore line aborted V8 (RegExpCompiler out of memory)', 'server/src/core/glob.ts', { '.gitignore': '{a'.repeat(10_000) + '\n', '.env': 'A=1\n' }, true],
  ['star runs in a .dockerignore line backtracked exponentially', 'rules/dockerfile/_ignorefile.ts', { Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n', '.dockerignore': '*'.repeat(32) + '!\n', '.env.production.local': 'A=1\n' }],
  ['star runs in a .gitignore line backtracked polynomially', 'server/src/core/glob.ts', { '.gitignore': '*'.repeat(40) + '!\n', '.env.production.local': 'A=1\n' }],
  ['60 KB ignore patterns became regexes V8 refuses ("too large")', 'server/src/core/glob.ts, rules/dockerfile/_ignorefile.ts', { Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n', '.dockerignore': 'a'.repeat(70_000) + '\n', '.gitignore': 'b'.repeat(70_000) + '\n', '.env': 'A=1\n' }],
  ['`/\\/+$/` was quadratic on a COPY source of slashes', 'rules/dockerfile/copy-sensitive-file.ts', { Dockerfile: 'FROM alpine:3.20\nCOPY ' + '/'.repeat(50_000) + '! /app/\nUSER app\n' }],
  ['the password-in-URL pattern was quadratic on `-a-a-a…`', 'rules/dockerfile/_secrets.ts', { 'src/index.ts': '-a'.repeat(50_000) + '\n' }],
  ['tree-sitter-bash ran unbounded on nested `${`', 'server/src/parsers/shell/parse.ts', { Dockerfile: 'FROM alpine:3.20\nRUN echo ' + '${'.repeat(16_000) + '}'.repeat(16_000) + '\n' }],
  ['a trailing lone CR put range ends past the line', 'server/src/workspace/line-index.ts', { 'compose.yaml': 'services:\r  api:\r    image: [unclosed\r' }],
  ['an oversized .readiness.yaml was reported at line -1', 'server/src/engine/config.ts', { '.readiness.yaml': '# padding\n'.repeat(30_000) }],
  ['Python fixes inserted past the last line of a file without a final newline', 'server/src/parsers/code/python', { 'app/main.py': 'from flask import Flask\napp = Flask(__name__)', 'requirements.txt': 'flask\n' }],
  ['a deep indentation ladder in a Python file', 'server/src/parsers/code/python', { 'app/main.py': 'from flask import Flask\napp = Flask(__name__)\n' + ladder(450), 'requirements.txt': 'flask\n' }],
];

describe('regressions: reproducers of fixed robustness defects', () => {
  const sandbox = new Sandbox();
  after(() => sandbox.close());
  for (const [what, where, files, inChild] of CASES) {
    test(`${what} (${where})`, async () => {
      const target = Object.keys(files)[0];
      if (inChild) {
        const script = `require(${JSON.stringify(join(__dirname, '_worker.ts'))}).check(JSON.parse(process.env.TASK)).then((r) => { console.log(JSON.stringify(r.problems)); process.exit(r.problems.length ? 1 : 0); })`;
        const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TASK: JSON.stringify({ id: 0, paths: [], files, target }) }, encoding: 'utf8', timeout: 60_000 });
        assert.equal(child.status, 0, `exit ${child.status ?? child.signal}: ${child.stdout.slice(0, 300)} ${child.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? ''}`);
        return;
      }
      const r = await sandbox.run({ paths: [], files, target }, BOUND_MS);
      assert.ok(!isHang(r), `over ${BOUND_MS} ms`);
      assert.deepEqual(r.problems, []);
    });
  }

  const CLI = join(REPO, 'server/out/cli.js');
  for (const [name, line] of [['100 KB `${` (aborted V8)', '${'.repeat(51_200)], ['100 KB of `a` (exit 2: regex too large)', 'a'.repeat(102_400)], ['60 stars (hours of backtracking)', '*'.repeat(60) + '!']] as const) {
    test(`readiness audit survives a .gitignore line of ${name}`, { skip: existsSync(CLI) ? false : 'server/out/cli.js is not built (npm test builds it)' }, () => {
      const dir = mkdtempSync(join(tmpdir(), 'readiness-regression-'));
      try {
        writeFileSync(join(dir, '.gitignore'), line + '\n');
        writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCOPY . /app\n');
        writeFileSync(join(dir, '.env.production.local'), 'A=1\n');
        const r = spawnSync(process.execPath, [CLI, 'audit', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', timeout: 30_000 });
        assert.equal(r.status, 0, `exit ${r.status ?? r.signal}: ${r.stderr.slice(0, 300)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
