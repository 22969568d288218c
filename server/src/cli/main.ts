/**
 * `readiness` — the engine without the language server. stdout carries only the requested report (so
 * `--format json > report.json` works); stderr carries one `readiness: <reason>` line on failure and
 * diagnostics only with --verbose. Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage or I/O.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import type { Severity } from '../core/types';
import { analyze } from '../engine/analyze';
import { allRules, docsUrl } from '../engine/registry';
import { loadWorkspaceFromDisk, WorkspaceRootError } from '../engine/workspace-loader';
import { formatJson } from '../report/json';
import { formatMarkdown } from '../report/markdown';
import { buildAuditReport, type AuditReport } from '../report/model';
import { fixLabel } from '../report/rules-table';
import { formatSarif, WORKSPACE_ANCHORS } from '../report/sarif';
import { formatText, shouldColor } from '../report/text';
import { HELP, parseArgs, UsageError, type Command, type FailOn, type RulesFormat } from './args';

// esbuild inlines the JSON at build time, so the bundle needs no package.json next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require('../../../package.json') as { version: string }).version;

/** An expected failure: its message is the whole story, so no stack trace. */
class CliError extends Error {}

interface Outcome {
  stdout: string;
  exitCode: number;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { info: 1, warning: 2, error: 3, never: Infinity };

export function exitCodeFor(report: AuditReport, failOn: FailOn): number {
  const threshold = THRESHOLD[failOn];
  return report.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    default:
      return (err as Error).message ?? String(err);
  }
}

/** Fails before the audit rather than after it: a typo in --output should not cost a full analysis. */
function checkOutputPath(output: string): void {
  let parent;
  try {
    parent = statSync(dirname(resolve(output)));
  } catch (err) {
    throw new CliError(`cannot write ${output}: ${ioReason(err)}`);
  }
  if (!parent.isDirectory()) throw new CliError(`cannot write ${output}: a parent is not a directory`);
  let existing;
  try {
    existing = statSync(output);
  } catch {
    return;
  }
  if (existing.isDirectory()) throw new CliError(`cannot write ${output}: is a directory`);
}

async function audit(command: Extract<Command, { kind: 'audit' }>, log: (line: string) => void): Promise<Outcome> {
  if (command.output !== null) checkOutputPath(command.output);
  const root = resolve(command.dir);
  const started = performance.now();
  let workspace;
  try {
    workspace = loadWorkspaceFromDisk(root, { onSkip: (path, reason) => log(`skipped ${path}: ${reason}`) });
  } catch (err) {
    if (err instanceof WorkspaceRootError) {
      throw new CliError(err.message.replace(root, command.dir));
    }
    throw err;
  }
  for (const p of workspace.configProblems()) {
    log(`${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
  }
  const result = await analyze(workspace, {
    onRuleError: (rule, file, error) => log(`rule ${rule} failed on ${file ?? 'the workspace'}: ${(error as Error)?.message ?? error}`),
  });
  const report = buildAuditReport(root, result, performance.now() - started);
  log(`analysed ${report.filesAnalyzed} files in ${report.durationMs} ms, ${report.findings.length} findings, ${result.suppressed} suppressed`);

  const toFile = command.output !== null;
  let text: string;
  switch (command.format) {
    case 'json':
      text = formatJson(report);
      break;
    case 'sarif':
      text = formatSarif(report, {
        version: VERSION,
        rules: allRules(),
        findings: result.findings,
        lineText: (file, line) => workspace.file(file)?.lines.lineText(line - 1),
        workspaceAnchor: WORKSPACE_ANCHORS.find((p) => workspace.exists(p) && !workspace.isDirectory(p)) ?? null,
      });
      break;
    case 'markdown':
      text = formatMarkdown(report, { findings: result.findings });
      break;
    default:
      text = formatText(report, { color: !toFile && shouldColor(process.stdout) });
  }
  if (command.output !== null) {
    try {
      writeFileSync(command.output, text);
    } catch (err) {
      throw new CliError(`cannot write ${command.output}: ${ioReason(err)}`);
    }
    text = '';
  }
  return { stdout: text, exitCode: exitCodeFor(report, command.failOn) };
}

function listRules(format: RulesFormat): string {
  const rules = [...allRules()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (format === 'json') {
    const rows = rules.map((r) => ({
      id: r.id,
      category: r.meta.category,
      severity: r.meta.severity,
      fixes: [...new Set(r.meta.fixes)],
      summary: r.meta.summary,
      docs: docsUrl(r.id),
    }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  if (rules.length === 0) return 'No rules are registered.\n';
  const cells = [
    ['RULE', 'CATEGORY', 'SEVERITY', 'FIX', 'SUMMARY'],
    ...rules.map((r) => [r.id, r.meta.category, r.meta.severity, fixLabel(r), r.meta.summary]),
  ];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...cells.map((row) => row[col].length)));
  const lines = cells.map((row) => row.map((c, col) => (col < 4 ? c.padEnd(widths[col]) : c)).join('  '));
  return `${lines.join('\n')}\n\n${rules.length} rule${rules.length === 1 ? '' : 's'}; each is documented at ${docsUrl('<id>')}\n`;
}

async function run(argv: readonly string[], log: (line: string) => void, setVerbose: (v: boolean) => void): Promise<Outcome> {
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      return { stdout: HELP, exitCode: 0 };
    case 'version':
      return { stdout: `${VERSION}\n`, exitCode: 0 };
    case 'rules':
      return { stdout: listRules(command.format), exitCode: 0 };
    case 'audit':
      setVerbose(command.verbose);
      return audit(command, log);
  }
}

function finish(stdout: string, exitCode: number): void {
  // A reader that closes early (`| head`) is not an error worth a message.
  process.stdout.on('error', () => process.exit(exitCode));
  if (stdout === '') process.exit(exitCode);
  // Exit only once the report is flushed: process.exit right after write() can truncate a piped report.
  process.stdout.write(stdout, () => process.exit(exitCode));
}

function fail(message: string, err?: unknown): void {
  process.stderr.write(`readiness: ${message.split('\n')[0]}\n`);
  if (err instanceof Error && process.env.READINESS_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  // TurboFan-compiling tree-sitter's large wasm costs more than one CLI run gains, and Node waits for
  // those background compile jobs at exit (~0.5 s per run, measured). Liftoff alone measured as fast
  // or faster even on 28,000 RUN lines. Must precede the first grammar load.
  setFlagsFromString('--liftoff-only');
  let verbose = false;
  const log = (line: string) => {
    if (verbose) process.stderr.write(`readiness: ${line}\n`);
  };
  try {
    const { stdout, exitCode } = await run(process.argv.slice(2), log, (v) => (verbose = v));
    finish(stdout, exitCode);
  } catch (err) {
    if (err instanceof UsageError || err instanceof CliError) fail(err.message);
    else fail(`unexpected error: ${(err as Error)?.message ?? String(err)}`, err);
  }
}

process.on('uncaughtException', (err) => fail(`unexpected error: ${err.message}`, err));
process.on('unhandledRejection', (err) => fail(`unexpected error: ${(err as Error)?.message ?? String(err)}`, err));
void main();
