import type { RuleDefinition } from '../core/rule';
import { comparePositions, type FileKind, type Finding, type Fix, type Report, type Severity } from '../core/types';
import { matchesAny } from '../core/glob';
import { loadGrammar } from '../parsers/shell/grammar';
import type { SourceFile } from '../workspace/model';
import type { Workspace } from '../workspace/workspace';
import { allRules } from './registry';
import type { CheckTally } from './score';
import { parseSuppressions, type Suppressions } from './suppression';
import { statementStartOf } from './statements';

export interface AnalysisOptions {
  /** Only these files get file-rule checks and findings (the LSP's open documents); all when absent. */
  onlyFiles?: ReadonlySet<string>;
  isCancelled?: () => boolean;
  /** Rule-crash sink; a crashing rule never stops the analysis. */
  onRuleError?: (rule: string, file: string | null, error: unknown) => void;
}

export interface AnalysisResult {
  findings: Finding[];
  checks: CheckTally[];
  filesAnalyzed: number;
  suppressed: number;
  cancelled: boolean;
}

interface RuleRun {
  reports: Report[];
  passed: number;
}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/** Grammars the kinds present need, loaded once, lazily (the first Dockerfile pays ~30 ms). */
async function ensureGrammars(kinds: ReadonlySet<FileKind>): Promise<void> {
  if (kinds.has('dockerfile') || kinds.has('github-workflow') || kinds.has('gitlab-ci') || kinds.has('compose') || kinds.has('github-action')) {
    await loadGrammar('bash');
  }
  if (kinds.has('python')) await loadGrammar('python');
  if (kinds.has('go')) await loadGrammar('go');
}

/** Caches workspace-rule results across LSP analyses until a file of a kind they read changes. */
export class WorkspaceRuleCache {
  private readonly entries = new Map<string, { key: string; run: RuleRun }>();
  get(rule: string, key: string): RuleRun | undefined {
    const hit = this.entries.get(rule);
    return hit && hit.key === key ? hit.run : undefined;
  }
  set(rule: string, key: string, run: RuleRun): void {
    this.entries.set(rule, { key, run });
  }
  clear(): void {
    this.entries.clear();
  }
}

function effectiveSeverity(rule: RuleDefinition, overrides: Record<string, string>): Severity | 'off' {
  const configured = overrides[rule.id];
  return (configured ?? rule.meta.severity) as Severity | 'off';
}

export async function analyze(workspace: Workspace, options: AnalysisOptions = {}, cache?: WorkspaceRuleCache): Promise<AnalysisResult> {
  const config = workspace.config;
  const only = options.onlyFiles;
  const candidates: SourceFile[] = [];
  const kinds = new Set<FileKind>();
  for (const file of workspace.files()) {
    if (config.ignore.length && matchesAny(file.path, config.ignore)) continue;
    kinds.add(file.kind);
    if (!only || only.has(file.path)) candidates.push(file);
  }
  await ensureGrammars(kinds);

  const byKind = new Map<FileKind, SourceFile[]>();
  for (const f of candidates) {
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }

  const suppressionCache = new Map<string, Suppressions>();
  const suppressionsOf = (path: string): Suppressions | undefined => {
    let s = suppressionCache.get(path);
    if (!s) {
      const file = workspace.file(path);
      if (!file) return undefined;
      s = parseSuppressions(file.text, file.lines, statementStartOf(workspace, file));
      suppressionCache.set(path, s);
    }
    return s;
  };

  const findings: Finding[] = [];
  const checks: CheckTally[] = [];
  let suppressed = 0;
  const analysedFiles = new Set<string>();

  let sliceStart = Date.now();
  for (const rule of allRules()) {
    // Yield to the event loop between rules every few milliseconds, so that a language server can
    // read `$/cancelRequest` or a newer edit while a long analysis runs.
    if (Date.now() - sliceStart > 15) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
    if (options.isCancelled?.()) return { findings, checks, filesAnalyzed: analysedFiles.size, suppressed, cancelled: true };
    const severity = effectiveSeverity(rule, config.rules);
    if (severity === 'off') continue;
    const runs: { file: string | null; run: RuleRun }[] = [];
    if (rule.meta.scope === 'file') {
      for (const kind of rule.meta.kinds) {
        for (const file of byKind.get(kind) ?? []) {
          if (rule.meta.productionOnly && workspace.environmentOf(file.path) === 'development') continue;
          analysedFiles.add(file.path);
          runs.push({ file: file.path, run: runRule(rule, workspace, file, options) });
        }
      }
    } else {
      const key = workspace.generationOf(rule.meta.kinds);
      let run = cache?.get(rule.id, key);
      if (!run) {
        run = runRule(rule, workspace, null, options);
        cache?.set(rule.id, key, run);
      }
      runs.push({ file: null, run });
    }

    let passed = 0;
    let failed = 0;
    for (const { run } of runs) {
      passed += run.passed;
      for (const report of run.reports) {
        if (only && (report.file === null || !only.has(report.file))) {
          failed++;
          continue;
        }
        if (report.file !== null && suppressionsOf(report.file)?.isSuppressed(rule.id, rule.meta.aliases, report.range.start.line)) {
          suppressed++;
          continue;
        }
        failed++;
        findings.push({
          rule: rule.id,
          category: rule.meta.category,
          severity: report.severity && config.rules[rule.id] === undefined ? report.severity : severity,
          file: report.file,
          range: report.range,
          message: report.message,
          related: report.related ?? [],
          fixes: fixesFor(rule, workspace, report, options),
          data: report.data,
        });
      }
    }
    if (passed + failed > 0) {
      checks.push({ rule: rule.id, category: rule.meta.category, severity, passed, applicable: passed + failed });
    }
  }
  findings.sort(compareFindings);
  return { findings, checks, filesAnalyzed: analysedFiles.size, suppressed, cancelled: false };
}

function runRule(rule: RuleDefinition, workspace: Workspace, file: SourceFile | null, options: AnalysisOptions): RuleRun {
  const run: RuleRun = { reports: [], passed: 0 };
  try {
    rule.check({
      workspace,
      file,
      pass(count = 1) {
        run.passed += count;
      },
      report(report) {
        run.reports.push(report);
      },
    });
  } catch (error) {
    options.onRuleError?.(rule.id, file?.path ?? null, error);
  }
  return run;
}

function fixesFor(rule: RuleDefinition, workspace: Workspace, report: Report, options: AnalysisOptions): Fix[] {
  const fixes = [...(report.fixes ?? [])];
  if (rule.fix) {
    try {
      fixes.push(...rule.fix({ workspace, report }));
    } catch (error) {
      options.onRuleError?.(rule.id, report.file, error);
    }
  }
  return fixes;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) {
    if (a.file === null) return 1;
    if (b.file === null) return -1;
    return a.file < b.file ? -1 : 1;
  }
  return comparePositions(a.range.start, b.range.start) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
