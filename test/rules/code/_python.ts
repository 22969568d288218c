import assert from 'node:assert/strict';
import { parsePython } from '../../../server/src/parsers/code/python/ast';
import { loadGrammar } from '../../../server/src/parsers/shell/grammar';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

/** Joins lines with `\n` (test sources read like the files they stand for). */
export function py(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** `file:line:col` (1-based) of a rule's findings. */
export async function spots(rule: string, files: Files): Promise<string[]> {
  return (await findingsOf(rule, files)).map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
}

/** The standard fix test, plus: every Python file the fix changed still parses without errors. */
export async function checkPythonFix(rule: string, files: Files, title?: string): Promise<Files> {
  const { fixed } = await checkFix(rule, files, title);
  await loadGrammar('python');
  for (const [path, text] of Object.entries(fixed)) {
    if (!path.endsWith('.py') || files[path] === text) continue;
    const m = parsePython(text);
    assert.ok(m && !m.hasErrors, `${path} does not parse after "${title ?? 'the fix'}":\n${text}`);
  }
  return fixed;
}

/** A requirements file with the usual FastAPI stack. */
export const FASTAPI_REQUIREMENTS = py('fastapi==0.111.0', 'uvicorn[standard]==0.30.1', 'gunicorn==22.0.0');
