import { parseDocument } from 'yaml';
import { findingsOf, type Files } from '../../helpers/workspace';

/** Findings of a rule as `path:line:col text-under-range` (1-based), for precise assertions. */
export async function flagged(rule: string, files: Files): Promise<string[]> {
  const found = await findingsOf(rule, files);
  return found.map((f) => {
    const text = f.file ? files[f.file] ?? '' : '';
    const lines = text.split(/\r?\n/);
    const under = f.range.start.line === f.range.end.line
      ? (lines[f.range.start.line] ?? '').slice(f.range.start.character, f.range.end.character)
      : (lines[f.range.start.line] ?? '').slice(f.range.start.character) + '…';
    return `${f.file ?? '-'}:${f.range.start.line + 1}:${f.range.start.character + 1} ${under}`;
  });
}

/** Asserts that every YAML file of a fixed workspace still parses without errors. */
export function yamlErrors(files: Files): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!/\.ya?ml$/.test(path)) continue;
    const doc = parseDocument(text);
    for (const e of doc.errors) out.push(`${path}: ${e.message}`);
  }
  return out;
}

/** Lines joined with `\n` (workflows read better as arrays in tests). */
export function yml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Loads test/fixtures/ci/<name> as an in-memory workspace (paths relative to that folder). */
export function fixture(name: string): Files {
  const root = join(__dirname, '../../fixtures/ci', name);
  const out: Files = {};
  (function walk(dir: string) {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  })(root);
  return out;
}
