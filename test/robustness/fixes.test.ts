/**
 * Every quick fix the engine offers on every fixture project and on examples/, plus the suppression
 * comment the language server offers for each finding: applied, the result must parse without new
 * syntax errors, the finding must be gone, and applying the same fix offered again at the same spot
 * must change nothing. One test per project, so a failure names the project; each failure message
 * names the rule, the fix and the file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding, Fix } from '../../server/src/core/types';
import { analyze, type AnalysisResult } from '../../server/src/engine/analyze';
import { toDiagnostics, type DiagnosticData } from '../../server/src/lsp/diagnostics';
import { codeFacts } from '../../server/src/parsers/code';
import { parseDockerfile } from '../../server/src/parsers/dockerfile/parse';
import { loadGrammar } from '../../server/src/parsers/shell/grammar';
import { parseYaml } from '../../server/src/parsers/yaml';
import { classifyPath } from '../../server/src/workspace/classify';
import { applyFix, type Files } from '../helpers/workspace';
import { loadCorpus, workspaceOf, type Project } from './_corpus';

const CODE_KINDS = new Set(['python', 'typescript', 'javascript', 'go']);

/** The syntax errors a file's own parser reports (counted, not located: a fix may shift lines). */
function syntaxErrors(path: string, files: Files, paths: readonly string[]): number {
  const text = files[path];
  if (text === undefined) return 0;
  const kind = classifyPath(path);
  if (kind === 'dockerfile') return parseDockerfile(path, text).syntaxErrors.length;
  if (/\.ya?ml$/i.test(path)) return parseYaml(text).errors.length;
  if (/\.json$/i.test(path)) {
    try {
      JSON.parse(text);
      return 0;
    } catch {
      return 1;
    }
  }
  if (CODE_KINDS.has(kind)) {
    const ws = workspaceOf(paths, files);
    return codeFacts(ws, ws.file(path)!)?.hasErrors ? 1 : 0;
  }
  return 0;
}

async function analyzeFiles(paths: readonly string[], files: Files): Promise<AnalysisResult> {
  const crashes: string[] = [];
  const result = await analyze(workspaceOf(paths, files), { onRuleError: (rule, file, e) => crashes.push(`${rule} on ${file}: ${(e as Error)?.message ?? e}`) });
  if (crashes.length) throw new Error(`rule crashed: ${crashes.join('; ')}`);
  return result;
}

const sameSpot = (a: Finding, b: Finding) => a.rule === b.rule && a.file === b.file && a.range.start.line === b.range.start.line && a.message === b.message;
const countOf = (r: AnalysisResult, rule: string) => r.findings.filter((f) => f.rule === rule).length;

/** The suppression comment the language server attaches to a finding (diagnostic data), as a fix. */
function suppressionFix(project: Project, f: Finding): Fix | undefined {
  if (f.file === null) return undefined;
  const ws = workspaceOf(project.paths, project.files);
  const file = ws.file(f.file);
  if (!file) return undefined;
  const [d] = toDiagnostics([f], { workspace: ws, file, relatedInformation: true, uriOf: (p) => p });
  const edit = (d.data as DiagnosticData).suppress;
  return edit ? { title: `Suppress ${f.rule} (language server)`, safety: 'safe', changes: [{ file: f.file, edits: [edit] }] } : undefined;
}

async function checkOne(project: Project, before: AnalysisResult, target: Finding, fix: Fix): Promise<string[]> {
  const where = `${target.rule} at ${target.file ?? '(workspace)'}:${target.range.start.line + 1}, fix "${fix.title}"`;
  let fixed: Files;
  try {
    fixed = applyFix(project.files, fix);
  } catch (error) {
    return [`${where}: cannot be applied: ${(error as Error).message}`];
  }
  const paths = [...new Set([...project.paths, ...fix.changes.map((c) => c.file)])];
  const problems: string[] = [];
  for (const change of fix.changes) {
    const was = syntaxErrors(change.file, project.files, project.paths);
    const now = syntaxErrors(change.file, fixed, paths);
    if (now > was) problems.push(`${where}: ${change.file} has ${now - was} new syntax error(s) after the fix`);
  }
  let after: AnalysisResult;
  try {
    after = await analyzeFiles(paths, fixed);
  } catch (error) {
    return [...problems, `${where}: ${(error as Error).message}`];
  }
  // A companion fix only adds the dependency that the code fix next to it needs (e.g. "Add slowapi to
  // requirements.txt"): by design it does not remove the finding on its own.
  const companion = target.file !== null && classifyPath(target.file) !== 'manifest' && fix.changes.every((c) => classifyPath(c.file) === 'manifest');
  if (!companion && (countOf(after, target.rule) >= countOf(before, target.rule) || after.findings.some((f) => sameSpot(f, target)))) {
    problems.push(`${where}: the finding is still reported after the fix`);
  }
  const again = after.findings.find((f) => f.rule === target.rule && f.file === target.file && f.range.start.line === target.range.start.line && f.fixes.some((x) => x.title === fix.title));
  if (again) {
    const second = applyFix(fixed, again.fixes.find((x) => x.title === fix.title)!);
    const changed = Object.keys(second).filter((p) => second[p] !== fixed[p]);
    if (changed.length) problems.push(`${where}: applying the fix offered again changes ${changed.join(', ')} (not idempotent)`);
  }
  return problems;
}

describe('every quick fix parses, removes its finding and is idempotent', async () => {
  await loadGrammar('bash');
  for (const project of loadCorpus()) {
    test(project.name, async (t) => {
      const before = await analyzeFiles(project.paths, project.files);
      const problems: string[] = [];
      let applied = 0;
      for (const finding of before.findings) {
        const fixes = [...finding.fixes];
        const suppress = suppressionFix(project, finding);
        if (suppress) fixes.push(suppress);
        for (const fix of fixes) {
          problems.push(...(await checkOne(project, before, finding, fix)));
          applied++;
        }
      }
      t.diagnostic(`${before.findings.length} findings, ${applied} fixes applied`);
      assert.deepEqual(problems, []);
    });
  }
});
