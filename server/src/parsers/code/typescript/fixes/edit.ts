/**
 * Text edits for fixes, in the file's own style: ESM `import` or CommonJS `require` as the file
 * already does, its quote character, its semicolons, its line endings and the indentation of the
 * statement the code goes next to.
 */
import type { ts } from 'ts-morph';
import type { Range, TextEdit } from '../../../../core/types';
import type { Loc } from '../../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../../workspace/model';
import { collectBindings, type Bindings } from '../bindings';
import { parseFile } from '../load';
import { statementOf, T, type Ts } from '../syntax';

export interface EditContext {
  t: Ts;
  file: SourceFile;
  sf: ts.SourceFile;
  bindings: Bindings;
  esm: boolean;
  quote: string;
  semi: string;
  eol: string;
  typed: boolean;
}

export function editContext(workspace: WorkspaceModel, path: string): EditContext | undefined {
  const file = workspace.file(path);
  if (!file || (file.kind !== 'typescript' && file.kind !== 'javascript')) return undefined;
  const parsed = parseFile(workspace, path, file.text);
  const source = parsed.source;
  const bindings = (parsed.bindings ??= collectBindings(source)) as Bindings;
  const t = T();
  const typed = file.kind === 'typescript';
  const firstSpec = /(?:from\s*|require\(\s*)(['"])/.exec(file.text);
  const first = source.statements[0];
  const semi = first && !/;\s*$/.test(first.getText(source)) && !t.isFunctionDeclaration(first) && !t.isClassDeclaration(first) ? '' : ';';
  return {
    t, file, sf: source, bindings, typed,
    esm: typed || bindings.esm || /\.mjs$/.test(path),
    quote: firstSpec?.[1] ?? "'",
    semi, eol: file.lines.eol,
  };
}

export function q(ctx: EditContext, s: string): string {
  return ctx.quote + s + ctx.quote;
}

/** The node whose text spans exactly `loc` (the deepest such), if any. */
export function nodeAt(ctx: EditContext, loc: Loc | Range): ts.Node | undefined {
  const range = 'range' in loc ? loc.range : loc;
  const start = ctx.file.lines.offsetAt(range.start);
  const end = ctx.file.lines.offsetAt(range.end);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart(ctx.sf) > start || node.getEnd() < end) return;
    if (node.getStart(ctx.sf) === start && node.getEnd() === end) found = node;
    ctx.t.forEachChild(node, visit);
  };
  visit(ctx.sf);
  return found;
}

export function rangeOfNode(ctx: EditContext, node: ts.Node): Range {
  return ctx.file.lines.rangeAt(node.getStart(ctx.sf), node.getEnd());
}

export function replace(ctx: EditContext, node: ts.Node, text: string): TextEdit {
  return { range: rangeOfNode(ctx, node), newText: text };
}

export function insertAt(ctx: EditContext, offset: number, text: string): TextEdit {
  const p = ctx.file.lines.positionAt(offset);
  return { range: { start: p, end: p }, newText: text };
}

function indentOf(ctx: EditContext, node: ts.Node): string {
  const line = ctx.file.lines.positionAt(node.getStart(ctx.sf)).line;
  return /^\s*/.exec(ctx.file.lines.lineText(line))![0];
}

/** Lines of code inserted after the statement holding `node`, at its indentation. */
export function insertAfterStatement(ctx: EditContext, node: ts.Node, lines: string[]): TextEdit | undefined {
  const st = statementOf(node);
  if (!st) return undefined;
  const indent = indentOf(ctx, st);
  const body = lines.map((l) => indent + l).join(ctx.eol);
  return insertAt(ctx, st.getEnd(), ctx.eol + body);
}

/** Lines of code inserted before the statement holding `node`, at its indentation. */
export function insertBeforeStatement(ctx: EditContext, node: ts.Node, lines: string[]): TextEdit | undefined {
  const st = statementOf(node);
  if (!st) return undefined;
  const indent = indentOf(ctx, st);
  const lineStart = ctx.file.lines.lineStart(ctx.file.lines.positionAt(st.getStart(ctx.sf)).line);
  return insertAt(ctx, lineStart, lines.map((l) => indent + l + ctx.eol).join(''));
}

/**
 * The local name of a module's default export, importing it when the file does not yet: returns the
 * name and the edit (none when already imported). `preferred` is renamed if already taken.
 */
export function ensureDefaultImport(ctx: EditContext, module: string, preferred: string): { name: string; edit?: TextEdit } {
  for (const [name, b] of ctx.bindings.imports) {
    if (b.module === module && (b.imported === 'default' || b.imported === '*') && !b.typeOnly) return { name };
  }
  let name = preferred;
  for (let i = 2; ctx.bindings.imports.has(name) || ctx.bindings.constants.has(name) || new RegExp(`\\b(?:function|class)\\s+${name}\\b`).test(ctx.file.text); i++) name = `${preferred}${i}`;
  // `var express = require('express')` files get a `var` too.
  const keyword = /^\s*(var|let|const)\s+[\w${}\s,:]+=\s*require\(/m.exec(ctx.file.text)?.[1] ?? 'const';
  const line = ctx.esm ? `import ${name} from ${q(ctx, module)}${ctx.semi}` : `${keyword} ${name} = require(${q(ctx, module)})${ctx.semi}`;
  return { name, edit: importInsertion(ctx, line) };
}

const REQUIRE = /^require\s*\(\s*['"][^'"]+['"]\s*\)(?:\.[\w$]+)*$/;

/** After the last top-level import/require; after a shebang, 'use strict' or header comments otherwise. */
function importInsertion(ctx: EditContext, line: string): TextEdit {
  const t = ctx.t;
  let last: ts.Statement | undefined;
  for (const st of ctx.sf.statements) {
    if (t.isImportDeclaration(st) || t.isImportEqualsDeclaration(st)) last = st;
    else if (t.isVariableStatement(st) && st.declarationList.declarations.every((d) => d.initializer && REQUIRE.test(d.initializer.getText(ctx.sf)))) last = st;
    else if (last || !(t.isExpressionStatement(st) && t.isStringLiteral(st.expression))) break;
  }
  if (last) return insertAt(ctx, last.getEnd(), ctx.eol + line);
  const first = ctx.sf.statements[0];
  if (first && t.isExpressionStatement(first) && t.isStringLiteral(first.expression)) return insertAt(ctx, first.getEnd(), ctx.eol + line);
  // Before the first statement, below any leading comments (a licence header, a shebang).
  const offset = first ? first.getStart(ctx.sf) : ctx.file.text.length;
  const lineStart = ctx.file.lines.lineStart(ctx.file.lines.positionAt(offset).line);
  return insertAt(ctx, lineStart, line + ctx.eol + (first ? ctx.eol : ''));
}

/** A name not declared in the file, starting from `preferred`. */
export function freshName(ctx: EditContext, preferred: string, alternatives: string[]): string {
  const free = (n: string): boolean =>
    !ctx.bindings.imports.has(n) && !ctx.bindings.constants.has(n) && !new RegExp(`\\b(?:let|var|const|function|class)\\s+${n}\\b|[(,]\\s*${n}\\s*[),:]`).test(ctx.file.text);
  for (const n of [preferred, ...alternatives]) if (free(n)) return n;
  for (let i = 2; ; i++) if (free(`${preferred}${i}`)) return `${preferred}${i}`;
}
