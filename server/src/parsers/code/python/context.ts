/**
 * Per-file extraction state shared by the Python extractors (apps, middleware, calls, settings,
 * Django): the parsed module, its imports, what its names are bound to, and the facts so far.
 */
import type { CodeFact, ConfigValue, HttpApp, InsertionPoint, Loc } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { field, text, type PyModule, type PyNode } from './ast';
import { qualify, workspaceRef, type ImportTable } from './imports';
import { configValue, literalOf, readsConfig, stringOf, type Literal } from './values';

export interface RouterBinding {
  id: string;
  framework: 'fastapi' | 'flask' | 'starlette';
}

export interface Ctx {
  m: PyModule;
  file: SourceFile;
  ws: WorkspaceModel;
  path: string;
  table: ImportTable;
  /** Tests, dev settings, local scripts: facts are recorded as non-production or not at all. */
  dev: boolean;
  /** A Django settings module (settings.py, settings/*.py). */
  settings: boolean;
  facts: CodeFact[];
  apps: HttpApp[];
  /** Variable → app created in this file. */
  appVars: Map<string, HttpApp>;
  /** Variable → router/blueprint created in this file. */
  routers: Map<string, RouterBinding>;
  /** Module-level `NAME = expr` (the last one wins), to see through `allow_origins=ORIGINS`. */
  consts: Map<string, PyNode>;
  /** Module-level function definitions by name (key functions of limiters…). */
  funcs: Map<string, PyNode>;
  /** Variables bound to HTTP client sessions without a default timeout (`requests.Session()`). */
  sessions: Set<string>;
}

export function locOf(ctx: Ctx, n: PyNode): Loc {
  return { file: ctx.path, range: ctx.file.lines.rangeAt(n.start, n.end) };
}

export function t(ctx: Ctx, n: PyNode): string {
  return text(ctx.m, n);
}

export function q(ctx: Ctx, n: PyNode | undefined): string | undefined {
  return qualify(ctx.m, ctx.table, n);
}

/** Last dotted segment of a qualified name. */
export function lastName(name: string | undefined): string {
  if (!name) return '';
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** Sees through a module-level constant (`ORIGINS = ["*"]` … `allow_origins=ORIGINS`), a few levels deep. */
export function resolveConst(ctx: Ctx, n: PyNode): PyNode {
  let cur = n;
  for (let i = 0; i < 4 && cur.type === 'identifier'; i++) {
    const next = ctx.consts.get(t(ctx, cur));
    if (!next || next === cur) break;
    cur = next;
  }
  return cur;
}

export function value(ctx: Ctx, n: PyNode): ConfigValue {
  const resolved = resolveConst(ctx, n);
  const v = configValue(ctx.m, resolved, locOf(ctx, n));
  return { ...v, text: t(ctx, n) };
}

export function literal(ctx: Ctx, n: PyNode | undefined): Literal | undefined {
  return n ? literalOf(ctx.m, resolveConst(ctx, n)) : undefined;
}

export function str(ctx: Ctx, n: PyNode | undefined): string | undefined {
  return n ? stringOf(ctx.m, resolveConst(ctx, n)) : undefined;
}

export function isExternal(ctx: Ctx, n: PyNode): boolean {
  const r = resolveConst(ctx, n);
  return literalOf(ctx.m, r) === undefined && readsConfig(ctx.m, r);
}

/** The app or router id an expression denotes: a local app/router variable or an imported workspace name. */
export function targetId(ctx: Ctx, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') {
    const name = t(ctx, n);
    const app = ctx.appVars.get(name);
    if (app) return app.id;
    const router = ctx.routers.get(name);
    if (router) return router.id;
  }
  if (n.type === 'attribute' && field(n, 'object')?.type === 'identifier' && t(ctx, field(n, 'object')!) === 'self') {
    const app = ctx.appVars.get(t(ctx, n));
    if (app) return app.id;
  }
  return workspaceRef(ctx.m, ctx.table, n);
}

/** Indentation of the line a node starts on. */
export function indentAt(ctx: Ctx, offset: number): string {
  const line = ctx.file.lines.positionAt(offset).line;
  return /^[ \t]*/.exec(ctx.file.lines.lineText(line))![0];
}

/** An insertion point at the start of the line after the statement holding `n`. */
export function afterStatement(ctx: Ctx, stmt: PyNode): InsertionPoint {
  const endLine = ctx.file.lines.positionAt(stmt.end).line;
  const at = { line: endLine + 1, character: 0 };
  return { loc: { file: ctx.path, range: { start: at, end: at } }, indent: indentAt(ctx, stmt.start) };
}

/** An insertion point at the start of the line of `stmt`. */
export function beforeStatement(ctx: Ctx, stmt: PyNode): InsertionPoint {
  const line = ctx.file.lines.positionAt(stmt.start).line;
  const at = { line, character: 0 };
  return { loc: { file: ctx.path, range: { start: at, end: at } }, indent: indentAt(ctx, stmt.start) };
}

/** Environment variable name an expression reads (`os.environ["X"]`, `os.getenv("X")`, `env("X")`). */
export function envNameOf(ctx: Ctx, n: PyNode): string | undefined {
  const m = /(?:environ(?:\.get)?|getenv|env(?:\.\w+)?|config)\s*[\[(]\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/.exec(t(ctx, n));
  return m?.[1];
}

// `if settings.DEBUG:`, `if ENV == "development":`, `if app.debug:`: code that only runs outside production.
const DEV_CONDITION = /\b(debug|DEBUG|Debug|dev|development|DEVELOPMENT|local|LOCAL|testing|TESTING)\b/;

/** Inside the body (not the else) of an `if` whose condition is about development/debug mode. */
export function inDevBranch(ctx: Ctx, n: PyNode): boolean {
  let child = n;
  for (let cur = n.parent; cur && cur.type !== 'module'; child = cur, cur = cur.parent) {
    if (cur.type !== 'if_statement') continue;
    // The first child is the condition; the branch taken when it holds is the block after it.
    const condition = cur.children[0];
    if (!condition || child === condition || child.type === 'else_clause' || child.type === 'elif_clause') continue;
    const text = t(ctx, condition);
    if (DEV_CONDITION.test(text) && !/^not\b|!=|\bnot in\b|\bprod/.test(text)) return true;
  }
  return false;
}
