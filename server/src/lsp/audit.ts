/**
 * The `readiness/audit` request: a full analysis of every workspace folder (after its background
 * scan), merged into one report model. With several folders, paths are made relative to their
 * common ancestor so that the report's `root` + `file` still locates every finding.
 */
import { dirname, parse, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, compareFindings, type AnalysisResult } from '../engine/analyze';
import type { CheckTally } from '../engine/score';
import { buildAuditReport, type AuditReport } from '../report/model';
import { relativeTo } from './paths';
import type { Root } from './roots';

export class AuditCancelled extends Error {
  constructor() {
    super('audit cancelled');
  }
}

export interface AuditOptions {
  isCancelled: () => boolean;
  onRuleError?: (rule: string, file: string | null, error: unknown) => void;
}

/** Audits the roots (workspace folders, or the ad-hoc roots when no folder is open). */
export async function auditRoots(roots: readonly Root[], options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const results: { root: Root; result: AnalysisResult }[] = [];
  for (const root of roots) {
    await root.scanned;
    if (options.isCancelled()) throw new AuditCancelled();
    const ws = root.workspace;
    const result = ws.config.enable
      ? await analyze(ws, { isCancelled: options.isCancelled, onRuleError: options.onRuleError }, root.cache)
      : { findings: [], checks: [], claims: [], filesAnalyzed: 0, suppressed: 0, cancelled: false };
    if (result.cancelled || options.isCancelled()) throw new AuditCancelled();
    results.push({ root, result });
  }
  if (results.length === 1) return buildAuditReport(results[0].root.path, results[0].result, performance.now() - started);
  const base = commonAncestor(results.map((r) => r.root.path));
  return buildAuditReport(base, mergeResults(base, results), performance.now() - started);
}

/** One analysis result out of several roots' results, with file paths relative to `base`. */
export function mergeResults(base: string, results: readonly { root: Root; result: AnalysisResult }[]): AnalysisResult {
  const checks = new Map<string, CheckTally>();
  const merged: AnalysisResult = { findings: [], checks: [], claims: [], filesAnalyzed: 0, suppressed: 0, cancelled: false };
  for (const { root, result } of results) {
    const prefix = relativeTo(base, root.path) ?? '';
    const rebase = (file: string) => (prefix ? `${prefix}/${file}` : file);
    merged.filesAnalyzed += result.filesAnalyzed;
    merged.suppressed += result.suppressed;
    for (const f of result.findings) {
      merged.findings.push({ ...f, file: f.file === null ? null : rebase(f.file), related: f.related.map((r) => ({ ...r, file: rebase(r.file) })) });
    }
    for (const c of result.claims) {
      merged.claims.push({ ...c, file: rebase(c.file), evidence: c.evidence.map((e) => ({ ...e, file: rebase(e.file) })) });
    }
    for (const c of result.checks) {
      const key = `${c.rule}\u0000${c.severity}`;
      const tally = checks.get(key);
      if (tally) {
        tally.passed += c.passed;
        tally.applicable += c.applicable;
      } else checks.set(key, { ...c });
    }
  }
  merged.checks = [...checks.values()];
  merged.findings.sort(compareFindings);
  return merged;
}

/** The deepest directory containing every path (the file-system root when they share nothing else). */
export function commonAncestor(paths: readonly string[]): string {
  let base = paths[0];
  for (;;) {
    if (paths.every((p) => relativeTo(base, p) !== undefined)) return base;
    const up = dirname(base);
    if (up === base) return parse(base).root || sep;
    base = up;
  }
}
