import assert from 'node:assert/strict';
import { parsesCleanly } from '../../../server/src/parsers/code/typescript/load';
import { applyFix, checkFix, findingsOf, type Files } from '../../helpers/workspace';

/** Joins lines with `\n` (test sources read like the files they stand for). */
export function ts(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** `file:line:col` (1-based) of a rule's findings. */
export async function spots(rule: string, files: Files): Promise<string[]> {
  return (await findingsOf(rule, files)).map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
}

/** The standard fix test, plus: every TS/JS file the fix changed or created still parses (ts-morph, no syntax error). */
export async function checkTsFix(rule: string, files: Files, title?: string): Promise<Files> {
  const { fixed, fix } = await checkFix(rule, files, title);
  for (const [path, text] of Object.entries(fixed)) {
    if (!/\.[cm]?[jt]sx?$/.test(path) || files[path] === text) continue;
    assert.ok(parsesCleanly(path, text), `${path} does not parse after "${fix.title}":\n${text}`);
  }
  return fixed;
}

/** Applies the fix titled `title` of the first finding of `rule` (no re-analysis): for package.json actions. */
export async function applyNamedFix(rule: string, files: Files, title: string): Promise<Files> {
  const [finding] = await findingsOf(rule, files);
  assert.ok(finding, `no ${rule} finding`);
  const fix = finding.fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix "${title}"; has ${finding.fixes.map((f) => f.title).join(', ')}`);
  return applyFix(files, fix);
}

export const EXPRESS_PKG = JSON.stringify({ name: 'web', private: true, dependencies: { cors: '^2.8.5', express: '^4.21.0' } }, null, 2) + '\n';
