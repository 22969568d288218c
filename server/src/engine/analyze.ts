import type { ClaimRecord } from '../core/claims';
import type { RuleDefinition, RuleOutcome } from '../core/rule';
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
  /** Readiness claims of the analysed documents, every status, sorted by file and position. */
  claims: ClaimRecord[];
  filesAnalyzed: number;
  suppressed: number;
  cancelled: boolean;
}

interface RuleRun {
  reports: Report[];
  passed: number;
  claims: ClaimRecord[];
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

  const byKind = groupByKind(candidates);
  const rules = orderedRules();
  // Rules read by a later rule (claims) must see the whole workspace even when only some files are analysed.
  const usedIds = new Set(rules.flatMap((r) => (r.meta.uses && needsRun(r, only, byKind, workspace) ? r.meta.uses : [])));
  let wholeByKind: Map<FileKind, SourceFile[]> | undefined;
  const outcomes = new Map<string, { passed: number; failures: Report[] }>();

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
  // Keyed by place and capability: both claims/* rules record the same claims.
  const claims = new Map<string, ClaimRecord>();
  let suppressed = 0;
  const analysedFiles = new Set<string>();

  let sliceStart = Date.now();
  for (const rule of rules) {
    // Yield to the event loop between rules every few milliseconds, so that a language server can
    // read `$/cancelRequest` or a newer edit while a long analysis runs.
    if (Date.now() - sliceStart > 15) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
    if (options.isCancelled?.()) return { findings, checks, claims: [], filesAnalyzed: analysedFiles.size, suppressed, cancelled: true };
    const severity = effectiveSeverity(rule, config.rules);
    if (severity === 'off') continue;
    // Files analysed: every candidate of a kind some enabled rule reads (workspace rules included).
    for (const kind of rule.meta.kinds) for (const f of byKind.get(kind) ?? []) analysedFiles.add(f.path);
    const used = usedIds.has(rule.id);
    if (used && only && !wholeByKind) wholeByKind = groupByKind([...workspace.files()].filter((f) => !config.ignore.length || !matchesAny(f.path, config.ignore)));
    const outcomeOf = (id: string) => (rule.meta.uses?.includes(id) ? outcomes.get(id) : undefined);
    const runs: { file: string | null; run: RuleRun }[] = [];
    if (rule.meta.scope === 'file') {
      const targets = used && wholeByKind ? wholeByKind : byKind;
      for (const kind of rule.meta.kinds) {
        for (const file of targets.get(kind) ?? []) {
          if (rule.meta.productionOnly && workspace.environmentOf(file.path) === 'development') continue;
          if (!appliesTo(rule, file, workspace)) continue;
          runs.push({ file: file.path, run: runRule(rule, workspace, file, options, outcomeOf) });
        }
      }
    } else {
      const key = workspace.generationOf(rule.meta.kinds);
      let run = rule.meta.uses ? undefined : cache?.get(rule.id, key);
      if (!run) {
        run = runRule(rule, workspace, null, options, outcomeOf);
        if (!rule.meta.uses) cache?.set(rule.id, key, run);
      }
      runs.push({ file: null, run });
    }

    let passed = 0;
    let failed = 0;
    const outcome = used ? { passed: 0, failures: [] as Report[] } : undefined;
    for (const { run } of runs) {
      passed += run.passed;
      for (const c of run.claims) {
        if (only && !only.has(c.file)) continue;
        const key = `${c.file}\u0000${c.range.start.line}:${c.range.start.character}\u0000${c.capability}`;
        if (!claims.has(key)) claims.set(key, c);
      }
      for (const report of run.reports) {
        if (report.file !== null && suppressionsOf(report.file)?.isSuppressed(rule.id, rule.meta.aliases, report.range.start.line)) {
          if (!only || only.has(report.file)) suppressed++;
          continue;
        }
        outcome?.failures.push(report);
        failed++;
        if (only && (report.file === null || !only.has(report.file))) continue;
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
    if (outcome) {
      outcome.passed = passed;
      outcomes.set(rule.id, outcome);
    }
    if (passed + failed > 0) {
      checks.push({ rule: rule.id, category: rule.meta.category, severity, passed, applicable: passed + failed });
    }
  }
  findings.sort(compareFindings);
  const claimList = [...claims.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : comparePositions(a.range.start, b.range.start)));
  return { findings, checks, claims: claimList, filesAnalyzed: analysedFiles.size, suppressed, cancelled: false };
}

function groupByKind(files: readonly SourceFile[]): Map<FileKind, SourceFile[]> {
  const byKind = new Map<FileKind, SourceFile[]>();
  for (const f of files) {
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  return byKind;
}

/** Rules that weigh other rules' outcomes run last. */
function orderedRules(): RuleDefinition[] {
  const all = allRules();
  return [...all.filter((r) => !r.meta.uses), ...all.filter((r) => r.meta.uses)];
}

/** Whether a rule has anything to check in this analysis (file rules: a target file of its kinds). */
function needsRun(rule: RuleDefinition, only: ReadonlySet<string> | undefined, byKind: Map<FileKind, SourceFile[]>, workspace: Workspace): boolean {
  if (!only || rule.meta.scope === 'workspace') return true;
  return rule.meta.kinds.some((k) => (byKind.get(k) ?? []).some((f) => appliesTo(rule, f, workspace)));
}

function appliesTo(rule: RuleDefinition, file: SourceFile, workspace: Workspace): boolean {
  try {
    return rule.applies ? rule.applies(file, workspace) : true;
  } catch {
    return true;
  }
}

function runRule(
  rule: RuleDefinition,
  workspace: Workspace,
  file: SourceFile | null,
  options: AnalysisOptions,
  outcome: (id: string) => RuleOutcome | undefined = () => undefined,
): RuleRun {
  const run: RuleRun = { reports: [], passed: 0, claims: [] };
  try {
    rule.check({
      workspace,
      file,
      outcome,
      pass(count = 1) {
        run.passed += count;
      },
      report(report) {
        run.reports.push(report);
      },
      claim(record) {
        run.claims.push(record);
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
