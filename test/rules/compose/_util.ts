import assert from 'node:assert/strict';
import { parseYaml } from '../../../server/src/parsers/yaml';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

/** `file:line:col message` of each finding of a rule (1-based line, 0-based column). */
export async function spots(rule: string, files: Files): Promise<string[]> {
  return (await findingsOf(rule, files)).map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character}`);
}

/** checkFix plus: every YAML file the fix touched still parses without errors, CRLF files stay CRLF. */
export async function checkYamlFix(rule: string, files: Files, title?: string): Promise<Files> {
  const { fixed, fix } = await checkFix(rule, files, title);
  for (const change of fix.changes) {
    const text = fixed[change.file];
    if (!/\.ya?ml$/.test(change.file)) continue;
    const errors = parseYaml(text).errors;
    assert.deepEqual(errors.map((e) => e.message), [], `invalid YAML after "${fix.title}":\n${text}`);
    const before = files[change.file];
    if (before?.includes('\r\n')) assert.ok(!/[^\r]\n/.test(text), `"${fix.title}" mixed LF into a CRLF file:\n${JSON.stringify(text)}`);
  }
  return fixed;
}

export const lines = (...l: string[]): string => l.join('\n') + '\n';
