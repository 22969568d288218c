import type { Range, TextEdit } from '../../../core/types';
import type { Loc } from '../../../model/app';
import type { SourceFile } from '../../../workspace/model';
import { collectImports, defaultPackageName } from './imports';
import type { Node } from './syntax';
import { enclosingFunction, enclosingStatement, field, indentAt, named } from './syntax';

/** Source-editing helpers for the Go fix builders: imports, insertion points, fresh names. */

export interface Edits {
  file: SourceFile;
  root: Node;
  edits: TextEdit[];
  /** Import paths the new code needs (added at the end by `finish`). */
  needs: Set<string>;
}

export function startEdits(file: SourceFile, root: Node): Edits {
  return { file, root, edits: [], needs: new Set() };
}

export function replaceNode(e: Edits, node: Node, text: string): void {
  e.edits.push({ range: e.file.lines.rangeAt(node.startIndex, node.endIndex), newText: text });
}

export function replaceRange(e: Edits, range: Range, text: string): void {
  e.edits.push({ range, newText: text });
}

/** Inserts whole lines before the line holding `node`, indented like it. */
export function insertLinesBefore(e: Edits, node: Node, lines: string[]): void {
  const indent = indentAt(e.file.text, node.startIndex);
  const at = e.file.lines.positionAt(node.startIndex - indent.length);
  e.edits.push({ range: { start: at, end: at }, newText: lines.map((l) => (l ? indent + l : '') + e.file.lines.eol).join('') });
}

/** Inserts whole lines after the statement `node` (at the start of the next line). */
export function insertLinesAfter(e: Edits, node: Node, lines: string[], indent = indentAt(e.file.text, node.startIndex)): void {
  const line = e.file.lines.positionAt(node.endIndex).line;
  const eol = e.file.lines.eol;
  if (line + 1 >= e.file.lines.lineCount) {
    const end = e.file.lines.positionAt(e.file.text.length);
    e.edits.push({ range: { start: end, end }, newText: eol + lines.map((l) => (l ? indent + l : '')).join(eol) });
    return;
  }
  const at = { line: line + 1, character: 0 };
  e.edits.push({ range: { start: at, end: at }, newText: lines.map((l) => (l ? indent + l : '') + eol).join('') });
}

/** Replaces a statement by several lines, the first keeping the statement's position. */
export function replaceStatement(e: Edits, stmt: Node, lines: string[]): void {
  const indent = indentAt(e.file.text, stmt.startIndex);
  replaceNode(e, stmt, lines.map((l, i) => (i === 0 || !l ? l : indent + l)).join(e.file.lines.eol));
}

/** The TextEdits, with the missing imports added to the import block. */
export function finish(e: Edits): TextEdit[] {
  return [...e.edits, ...importEdits(e.file, e.root, [...e.needs])];
}

const isStd = (p: string) => !p.split('/')[0].includes('.');

/** Adds imports to the file's import block: standard ones after the last standard import, others at the end. */
export function importEdits(file: SourceFile, root: Node, paths: string[]): TextEdit[] {
  const existing = collectImports(root);
  const missing = [...new Set(paths)].filter((p) => !existing.some((i) => i.path === p)).sort();
  if (!missing.length) return [];
  const eol = file.lines.eol;
  const decls = named(root).filter((n) => n.type === 'import_declaration');
  const block = decls.map((d) => named(d).find((c) => c.type === 'import_spec_list')).find((b): b is Node => !!b);
  if (block) {
    const specs = named(block).filter((n) => n.type === 'import_spec');
    const pathOf = (n: Node) => existing.find((i) => i.node.startIndex === n.startIndex)?.path ?? '';
    const out: TextEdit[] = [];
    // gofmt keeps standard and other imports in separate sorted groups: insert in place.
    for (const p of missing) {
      const group = specs.filter((n) => isStd(pathOf(n)) === isStd(p));
      const next = group.find((n) => pathOf(n) > p);
      if (next) {
        const indent = indentAt(file.text, next.startIndex);
        const at = file.lines.positionAt(next.startIndex - indent.length);
        out.push({ range: { start: at, end: at }, newText: `${indent}"${p}"${eol}` });
      } else if (group.length) {
        const at = file.lines.positionAt(group[group.length - 1].endIndex);
        out.push({ range: { start: at, end: at }, newText: `${eol}\t"${p}"` });
      } else if (isStd(p)) {
        const at = file.lines.positionAt(block.startIndex + 1);
        const lastStd = missing.filter(isStd).pop() === p;
        out.push({ range: { start: at, end: at }, newText: `${eol}\t"${p}"${specs.length && lastStd ? eol : ''}` });
      } else {
        const at = specs.length ? file.lines.positionAt(specs[specs.length - 1].endIndex) : file.lines.positionAt(block.startIndex + 1);
        out.push({ range: { start: at, end: at }, newText: `${specs.length ? eol : ''}${eol}\t"${p}"` });
      }
    }
    return out;
  }
  const lines = missing.map((p) => `\t"${p}"`).join(eol);
  if (decls.length) {
    // `import "fmt"` alone: one block holding it and the new ones, standard imports first.
    const d = decls[decls.length - 1];
    const spec = named(d).find((c) => c.type === 'import_spec');
    if (!spec) return [{ range: file.lines.rangeAt(d.endIndex, d.endIndex), newText: `${eol}${eol}import (${eol}${lines}${eol})` }];
    const own = existing.find((i) => i.node.startIndex === spec.startIndex)?.path ?? '';
    const all = [...missing.map((p) => ({ p, text: `"${p}"` })), { p: own, text: spec.text }].sort((a, b) => (a.p < b.p ? -1 : 1));
    const std = all.filter((i) => isStd(i.p)).map((i) => `\t${i.text}`);
    const other = all.filter((i) => !isStd(i.p)).map((i) => `\t${i.text}`);
    const body = [std.join(eol), other.join(eol)].filter(Boolean).join(eol + eol);
    return [{ range: file.lines.rangeAt(d.startIndex, d.endIndex), newText: `import (${eol}${body}${eol})` }];
  }
  const pkg = named(root).find((n) => n.type === 'package_clause');
  const at = file.lines.positionAt(pkg ? pkg.endIndex : 0);
  return [{ range: { start: at, end: at }, newText: `${eol}${eol}import (${eol}${lines}${eol})` }];
}

/** The local name a package is (or will be) imported under. */
export function importName(root: Node, path: string): string {
  return collectImports(root).find((i) => i.path === path)?.name ?? defaultPackageName(path);
}

/** The versioned import path the file uses for a library (`github.com/labstack/echo/v4`). */
export function importedPath(root: Node, unversionedPath: string): string | undefined {
  return collectImports(root).find((i) => i.path.replace(/\/v\d+(?=\/|$)/g, '') === unversionedPath)?.path;
}

/** A name not used in `scope`: `preferred`, else the first free alternative, else `preferred` + a number. */
export function freshName(scope: string, preferred: string, ...alternatives: string[]): string {
  const used = (n: string) => new RegExp(`\\b${n}\\b`).test(scope);
  for (const n of [preferred, ...alternatives]) if (!used(n)) return n;
  for (let i = 2; ; i++) if (!used(preferred + i)) return preferred + i;
}

/** The smallest node of `type` spanning exactly the location (or containing its start). */
export function nodeAtLoc(e: { file: SourceFile; root: Node }, loc: Loc, types: string[]): Node | undefined {
  const start = e.file.lines.offsetAt(loc.range.start);
  const end = e.file.lines.offsetAt(loc.range.end);
  let n: Node | null = e.root.descendantForIndex(start, Math.max(start, end - 1));
  while (n && !(types.includes(n.type) && n.startIndex <= start)) n = n.parent;
  return n ?? undefined;
}

export function statementOf(node: Node): Node | undefined {
  return enclosingStatement(node);
}

/** Text of the function around a node (for fresh names), or the whole file at top level. */
export function scopeText(e: { file: SourceFile }, node: Node): string {
  return enclosingFunction(node)?.text ?? e.file.text;
}

/** Whether a statement sits directly in a function body (where new statements may go). */
export function inFunctionBody(stmt: Node): boolean {
  let p = stmt.parent;
  if (p?.type === 'statement_list') p = p.parent;
  return p?.type === 'block';
}

export { field };
