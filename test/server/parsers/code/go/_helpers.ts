import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CodeFact, CodeFileFacts } from '../../../../../server/src/model/app';
import { go as goSupport } from '../../../../../server/src/parsers/code/go';
import { parseGo } from '../../../../../server/src/parsers/code/go/syntax';
import { loadGrammar } from '../../../../../server/src/parsers/shell/grammar';
import { checkFix, findingsOf, memoryWorkspace, type Files } from '../../../../helpers/workspace';

/** Joins lines with `\n` (test sources read like the files they stand for). */
export function go(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

export function goMod(module: string, ...requires: string[]): string {
  return go(`module ${module}`, '', 'go 1.22', ...(requires.length ? ['', 'require (', ...requires.map((r) => `\t${r}`), ')'] : []));
}

/** A fixture directory of test/fixtures/code/go as a file set, under `prefix`. */
export function fixture(name: string, prefix = ''): Files {
  const root = join(__dirname, '../../../../fixtures/code/go', name);
  const out: Files = {};
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[prefix + relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** Facts of every Go file of a file set that passes the pre-filter, by path. */
export async function extractAll(files: Files): Promise<Map<string, CodeFileFacts>> {
  await loadGrammar('go');
  const ws = memoryWorkspace(files);
  const out = new Map<string, CodeFileFacts>();
  for (const f of ws.filesOfKind('go')) if (goSupport.mayMatter(f)) out.set(f.path, goSupport.extract(f, ws));
  return out;
}

export function ofKind<K extends CodeFact['kind']>(facts: CodeFileFacts | undefined, kind: K): Extract<CodeFact, { kind: K }>[] {
  return (facts?.facts ?? []).filter((f): f is Extract<CodeFact, { kind: K }> => f.kind === kind);
}

/** `METHOD path` of route facts, in order. */
export function routes(facts: CodeFileFacts | undefined): string[] {
  return ofKind(facts, 'route').map((r) => `${r.method ?? '*'} ${r.path}`);
}

/** `file:line:col` (1-based) of a rule's findings. */
export async function spots(rule: string, files: Files): Promise<string[]> {
  return (await findingsOf(rule, files)).map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
}

/** Whether Go source parses without ERROR/MISSING nodes. */
export async function parsesCleanly(text: string): Promise<boolean> {
  await loadGrammar('go');
  const tree = parseGo(text);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** The standard fix test, plus: every Go file the fix changed parses without errors. */
export async function checkGoFix(rule: string, files: Files, title?: string): Promise<Files> {
  const { fixed } = await checkFix(rule, files, title);
  for (const [path, text] of Object.entries(fixed)) {
    if (!path.endsWith('.go') || files[path] === text) continue;
    assert.ok(await parsesCleanly(text), `${path} does not parse after "${title ?? 'the fix'}":\n${text}`);
  }
  return fixed;
}
