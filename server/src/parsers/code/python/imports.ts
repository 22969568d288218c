/**
 * What the names of a module refer to: a library's dotted name (`CORSMiddleware` →
 * `fastapi.middleware.cors.CORSMiddleware`) or a workspace module / a name in one
 * (`from .routers import health` → `app/routers/health.py`), so that registrations done in other
 * modules can be tied together by id (`<file>#<name>`).
 */
import type { WorkspaceModel } from '../../../workspace/model';
import { field, text, type PyModule, type PyNode } from './ast';

export interface ImportTable {
  /** Local name → dotted library name (`jwt` → `jwt`, `Limiter` → `slowapi.Limiter`). */
  names: Map<string, string>;
  /** Local name → workspace module file (`health` → `app/routers/health.py`). */
  modules: Map<string, string>;
  /** Local name → a name defined in a workspace module (`router` → `app/routers/health.py#router`). */
  refs: Map<string, string>;
  /** Workspace files imported (any form). */
  files: Set<string>;
  /** Top-level packages imported (`fastapi`, `flask`, `django`…). */
  roots: Set<string>;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

function moduleFile(ws: WorkspaceModel, base: string): string | undefined {
  if (ws.exists(`${base}.py`) && !ws.isDirectory(`${base}.py`)) return `${base}.py`;
  if (ws.exists(`${base}/__init__.py`)) return `${base}/__init__.py`;
  return undefined;
}

/** Is `base` a package directory (namespace packages have no `__init__.py`)? */
function isPackage(ws: WorkspaceModel, base: string): boolean {
  return base !== '' && ws.isDirectory(base);
}

/**
 * Resolves `level` leading dots + `dotted` from `fromFile` to a workspace module file (or package
 * directory, returned with a trailing `/`). Absolute imports are tried against every ancestor
 * directory of the importing file (and its `src/`), nearest first: the usual sys.path roots.
 */
export function resolveModule(ws: WorkspaceModel, fromFile: string, dotted: string, level: number): string | undefined {
  const rel = dotted.split('.').filter(Boolean).join('/');
  if (level > 0) {
    let dir = dirname(fromFile);
    for (let i = 1; i < level; i++) dir = dirname(dir);
    // `from . import x` names the package itself: its __init__.py, or the directory of a namespace package.
    if (!rel) return ws.exists(join(dir, '__init__.py')) ? join(dir, '__init__.py') : `${dir}/`;
    const base = join(dir, rel);
    return moduleFile(ws, base) ?? (isPackage(ws, base) ? `${base}/` : undefined);
  }
  if (!rel) return undefined;
  let dir = dirname(fromFile);
  for (let depth = 0; depth < 32; depth++) {
    for (const root of [dir, join(dir, 'src')]) {
      const base = join(root, rel);
      const found = moduleFile(ws, base);
      if (found) return found;
      if (rel.includes('/') && isPackage(ws, base)) return `${base}/`;
    }
    if (dir === '') break;
    dir = dirname(dir);
  }
  return undefined;
}

/** `from pkg import name`: a submodule file when `pkg/name.py` exists, else a name inside pkg. */
function bindFrom(ws: WorkspaceModel, table: ImportTable, module: string, name: string, local: string): void {
  const pkgDir = module.endsWith('/') ? module.slice(0, -1) : module.endsWith('/__init__.py') ? dirname(module) : undefined;
  if (pkgDir !== undefined) {
    const sub = moduleFile(ws, join(pkgDir, name));
    if (sub) {
      table.modules.set(local, sub);
      table.files.add(sub);
      return;
    }
  }
  if (!module.endsWith('/')) {
    table.refs.set(local, `${module}#${name}`);
    table.files.add(module);
  }
}

export function importTable(m: PyModule, imports: PyNode[], ws: WorkspaceModel, file: string): ImportTable {
  const table: ImportTable = { names: new Map(), modules: new Map(), refs: new Map(), files: new Set(), roots: new Set() };
  for (const stmt of imports) {
    if (stmt.type === 'import_statement') {
      for (const c of stmt.children) {
        const dotted = c.type === 'aliased_import' ? field(c, 'name') : c;
        const alias = c.type === 'aliased_import' ? field(c, 'alias') : undefined;
        if (!dotted || dotted.type !== 'dotted_name') continue;
        const name = text(m, dotted);
        table.roots.add(name.split('.')[0]);
        const local = alias ? text(m, alias) : name.split('.')[0];
        table.names.set(local, alias ? name : local);
        const target = resolveModule(ws, file, name, 0);
        if (target && !target.endsWith('/')) {
          table.files.add(target);
          if (alias || !name.includes('.')) table.modules.set(local, target);
        }
      }
    } else if (stmt.type === 'import_from_statement') {
      const moduleNode = field(stmt, 'module_name');
      if (!moduleNode) continue;
      const raw = text(m, moduleNode);
      const level = /^\.*/.exec(raw)![0].length;
      const dotted = raw.slice(level);
      if (level === 0) table.roots.add(dotted.split('.')[0]);
      const target = resolveModule(ws, file, dotted, level);
      if (target && !target.endsWith('/')) table.files.add(target);
      for (const c of stmt.children) {
        if (c === moduleNode) continue;
        const nameNode = c.type === 'aliased_import' ? field(c, 'name') : c.type === 'dotted_name' ? c : undefined;
        if (!nameNode) {
          if (c.type === 'wildcard_import' && target && !target.endsWith('/')) table.refs.set('*', `${target}#*`);
          continue;
        }
        const alias = c.type === 'aliased_import' ? field(c, 'alias') : undefined;
        const name = text(m, nameNode);
        const local = alias ? text(m, alias) : name;
        if (level === 0) table.names.set(local, `${dotted}.${name}`);
        if (target) bindFrom(ws, table, target, name, local);
      }
    }
  }
  return table;
}

/** Dotted name of an expression through the import table (`cors.CORSMiddleware` → `flask_cors.CORSMiddleware`). */
export function qualify(m: PyModule, table: ImportTable, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') {
    const t = text(m, n);
    return table.names.get(t) ?? t;
  }
  if (n.type === 'attribute') {
    const obj = field(n, 'object');
    const attr = field(n, 'attribute');
    if (!obj || !attr) return undefined;
    const base = qualify(m, table, obj);
    return base === undefined ? undefined : `${base}.${text(m, attr)}`;
  }
  return undefined;
}

/** Workspace id (`<file>#<name>`) an expression refers to through imports: `router`, `health.router`. */
export function workspaceRef(m: PyModule, table: ImportTable, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') return table.refs.get(text(m, n));
  if (n.type === 'attribute') {
    const obj = field(n, 'object');
    const attr = field(n, 'attribute');
    if (obj?.type === 'identifier' && attr) {
      const mod = table.modules.get(text(m, obj));
      if (mod) return `${mod}#${text(m, attr)}`;
    }
  }
  return undefined;
}
