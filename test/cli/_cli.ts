/**
 * Helpers for the CLI tests: they run the built bundle (server/out/cli.js), exactly what `npm`'s bin
 * and CI run, never the TypeScript sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const projectRoot = join(__dirname, '../..');
export const cliPath = join(projectRoot, 'server/out/cli.js');
export const shopFixture = join(projectRoot, 'test/fixtures/cli/shop');

export function requireBuiltCli(): void {
  if (!existsSync(cliPath)) {
    throw new Error(`${cliPath} is missing: run \`npm run build\` first (\`npm test\` does it for you)`);
  }
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with colour variables removed, so output is what a CI pipe would see. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.READINESS_DEBUG;
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 60_000,
    uid: options.uid,
    gid: options.gid,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch directory removed by the returned cleanup function. */
export function tempDir(prefix = 'readiness-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private copy of the shop fixture, for tests that edit files. */
export function copyShop(): { dir: string; cleanup: () => void } {
  const t = tempDir('readiness-shop-');
  cpSync(shopFixture, t.dir, { recursive: true });
  return t;
}

export interface JsonFinding {
  rule: string;
  category: string;
  severity: 'error' | 'warning' | 'info';
  file: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixable: boolean;
}

export interface JsonReport {
  version: number;
  root: string;
  score: number | null;
  filesAnalyzed: number;
  durationMs: number;
  categories: { id: string; score: number | null; passed: number; applicable: number }[];
  checks: { rule: string; category: string; passed: number; applicable: number }[];
  findings: JsonFinding[];
  claims: unknown[];
}

export function auditJson(dir: string, extra: readonly string[] = []): { report: JsonReport; run: CliRun } {
  const run = runCli(['audit', dir, '--format', 'json', '--fail-on', 'never', ...extra]);
  if (run.status !== 0) throw new Error(`audit exited ${run.status}: ${run.stderr}`);
  return { report: JSON.parse(run.stdout) as JsonReport, run };
}

/** The order ARCHITECTURE.md promises: file (workspace-level last), line, column, rule. */
export function compareJsonFindings(a: JsonFinding, b: JsonFinding): number {
  if (a.file !== b.file) {
    if (a.file === null) return 1;
    if (b.file === null) return -1;
    return a.file < b.file ? -1 : 1;
  }
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** Matches any ANSI escape sequence. */
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;
