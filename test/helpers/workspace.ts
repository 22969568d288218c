import { applyEdits } from '../../server/src/core/edits';
import type { Finding, Fix } from '../../server/src/core/types';
import { analyze, type AnalysisResult } from '../../server/src/engine/analyze';
import type { ReadinessConfig } from '../../server/src/engine/config';
import { applyConfig } from '../../server/src/engine/workspace-loader';
import { Workspace } from '../../server/src/workspace/workspace';

export type Files = Record<string, string>;

/** An in-memory workspace: every key is a workspace-relative path, every value its text. */
export function memoryWorkspace(files: Files, editor: Partial<ReadinessConfig> = {}): Workspace {
  const ws = new Workspace('/virtual');
  for (const [path, text] of Object.entries(files)) ws.setText(path, text);
  applyConfig(ws, editor);
  return ws;
}

export async function analyzeFiles(files: Files, editor: Partial<ReadinessConfig> = {}): Promise<AnalysisResult> {
  const errors: string[] = [];
  const result = await analyze(memoryWorkspace(files, editor), {
    onRuleError: (rule, file, error) => errors.push(`${rule} on ${file}: ${(error as Error).stack ?? error}`),
  });
  if (errors.length) throw new Error(`rule crashed:\n${errors.join('\n')}`);
  return result;
}

/** Findings of one rule, in order. */
export async function findingsOf(rule: string, files: Files, editor: Partial<ReadinessConfig> = {}): Promise<Finding[]> {
  return (await analyzeFiles(files, editor)).findings.filter((f) => f.rule === rule);
}

/** Applies one fix to the files (creating files it creates) and returns the new file set. */
export function applyFix(files: Files, fix: Fix): Files {
  const out = { ...files };
  for (const change of fix.changes) {
    const before = change.create ? out[change.file] ?? '' : out[change.file];
    if (before === undefined) throw new Error(`fix edits missing file ${change.file}`);
    out[change.file] = applyEdits(before, change.edits);
  }
  return out;
}

/**
 * The standard fix test: apply the fix titled `title` (or the first) of the first finding of `rule`,
 * re-analyse, and check the finding is gone, other rules' findings are unchanged, and a second
 * application (if the rule still offers it) changes nothing.
 */
export async function checkFix(rule: string, files: Files, title?: string): Promise<{ fixed: Files; fix: Fix }> {
  const before = await analyzeFiles(files);
  const target = before.findings.find((f) => f.rule === rule);
  if (!target) throw new Error(`no ${rule} finding to fix`);
  const fix = title ? target.fixes.find((f) => f.title === title) : target.fixes[0];
  if (!fix) throw new Error(`${rule} finding has no fix${title ? ` titled "${title}"` : ''}; has: ${target.fixes.map((f) => f.title).join(', ')}`);
  const fixed = applyFix(files, fix);
  const after = await analyzeFiles(fixed);
  const sameSpot = after.findings.filter(
    (f) => f.rule === rule && f.file === target.file && f.range.start.line === target.range.start.line && f.message === target.message,
  );
  if (after.findings.filter((f) => f.rule === rule).length >= before.findings.filter((f) => f.rule === rule).length || sameSpot.length) {
    throw new Error(`fix "${fix.title}" did not remove the ${rule} finding:\n${Object.entries(fixed).map(([p, t]) => `--- ${p}\n${t}`).join('\n')}`);
  }
  const otherBefore = before.findings.filter((f) => f.rule !== rule).map((f) => `${f.rule}@${f.file}`).sort();
  const otherAfter = after.findings.filter((f) => f.rule !== rule).map((f) => `${f.rule}@${f.file}`).sort();
  const introduced = otherAfter.filter((x) => !otherBefore.includes(x));
  if (introduced.length) throw new Error(`fix "${fix.title}" introduced new findings: ${introduced.join(', ')}`);
  // Idempotence: if the rule still offers the same fix somewhere, applying it must not change the file again.
  const again = after.findings.find((f) => f.rule === rule && f.fixes.some((x) => x.title === fix.title) && f.file === target.file && f.range.start.line === target.range.start.line);
  if (again) {
    const second = applyFix(fixed, again.fixes.find((x) => x.title === fix.title)!);
    for (const [p, t] of Object.entries(second)) if (fixed[p] !== t) throw new Error(`second application of "${fix.title}" changed ${p}`);
  }
  return { fixed, fix };
}
