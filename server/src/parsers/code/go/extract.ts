import { Query } from '@vscode/tree-sitter-wasm';
import type { CodeFileFacts } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { onAssignField, onCallConfig, onLiteral, onSelector, onString, valueHandle } from './config';
import { collectImports, unversioned } from './imports';
import { appHandleOfCall, finalize, onRouterCall, paramHandle } from './routers';
import { serviceDirOf } from './service';
import type { Extraction, Handle } from './state';
import { bindName, lookup, pkgOf } from './state';
import type { Node } from './syntax';
import { argsOf, calleeOf, field, named, stringValue, unwrapExpr, withGoTree } from './syntax';

/**
 * One pass over a Go file's syntax tree, in source order, with function scopes: variables bound to
 * routers, servers, clients and configs are tracked so that `api.GET(…)` knows it is on
 * `r.Group("/api")` of `gin.Default()`. The walk is iterative (no recursion on deep trees).
 */
export function extractGo(file: SourceFile, workspace: WorkspaceModel): CodeFileFacts {
  const empty: CodeFileFacts = { file: file.path, language: 'go', apps: [], facts: [], imports: [], hasErrors: true };
  return withGoTree(file.text, (root) => run(file, workspace, root), empty);
}

function run(file: SourceFile, workspace: WorkspaceModel, root: Node): CodeFileFacts {
  const imports = collectImports(root);
  const x: Extraction = {
    workspace, file, path: file.path, lines: file.lines, text: file.text,
    serviceDir: serviceDirOf(workspace, file.path),
    packageName: named(root).find((n) => n.type === 'package_clause')?.namedChild(0)?.text ?? '',
    imports: new Map(imports.filter((i) => i.name !== '_' && i.name !== '.').map((i) => [i.name, unversioned(i.path)])),
    importPaths: new Map(imports.map((i) => [i.name, i.path])),
    facts: [], apps: [], memo: new Map(), scopes: [new Map()], fields: new Map(), consts: new Map(),
    pendingParams: new Map(), fnStack: [], serves: [], shutdowns: [], limiters: [], keyReads: [],
    factsAt: new Map(), useTargets: [], paramRoutes: [], paramCalls: [], mounts: [],
    manualCredentials: false, manualCors: [], incomplete: false, depth: 0, handedOff: [], declaredFns: new Set(),
    timeAlias: imports.find((i) => i.path === 'time')?.name ?? 'time',
    hasErrors: root.hasError,
    // Selectors only matter for jwt constants and `r.RemoteAddr` keys: skip materialising them otherwise.
    selectorsMatter: /\bjwt\b|RemoteAddr/.test(file.text),
  };
  // Package-level constants and variables first: functions may use them before their declaration.
  for (const decl of named(root)) {
    if (decl.type === 'const_declaration' || decl.type === 'var_declaration') for (const spec of specsOf(decl)) bindSpec(x, spec);
  }
  walk(x, root);
  finalize(x);
  if (x.handedOff.some((fn) => !x.declaredFns.has(fn))) x.incomplete = true;
  return {
    file: file.path,
    language: 'go',
    apps: x.apps.filter((a) => !a.mountedInto).map((a) => ({ ...a.app, routesResolved: !x.incomplete && !x.hasErrors })),
    facts: x.facts,
    imports: workspaceImports(workspace, file.path, imports.map((i) => i.path)),
    hasErrors: x.hasErrors,
  };
}

const PATTERNS = `
(function_declaration) @fn (method_declaration) @fn (func_literal) @fn
(short_var_declaration) @bind (assignment_statement) @bind (var_spec) @spec (const_spec) @spec
(call_expression) @call (composite_literal) @lit
(interpreted_string_literal) @str (raw_string_literal) @str
(field_declaration tag: (_) @skip) (import_spec path: (_) @skip)`;

const queries = new Map<string, Query>();

/** Compiled once per process (and per variant): the nodes the extraction looks at. */
function queryFor(root: Node, selectors: boolean): Query {
  const key = selectors ? 'sel' : 'base';
  let q = queries.get(key);
  if (!q) {
    q = new Query(root.tree.language, selectors ? `${PATTERNS} (selector_expression) @sel` : PATTERNS);
    queries.set(key, q);
  }
  return q;
}

/**
 * The nodes we look at, in source order, outer nodes first (pre-order), as tree-sitter query
 * captures: matching runs inside WASM, so only those nodes cross into JS (a 2,000-line file has
 * ~30,000 nodes, a tenth of them captured). Function scopes close when a capture starts past them.
 */
function walk(x: Extraction, root: Node): void {
  const captures = queryFor(root, x.selectorsMatter).captures(root);
  const skip = new Set<number>();
  for (const c of captures) if (c.name === 'skip') skip.add(c.node.startIndex);
  const scopeEnds: number[] = [];
  for (const { name, node } of captures) {
    while (scopeEnds.length && node.startIndex >= scopeEnds[scopeEnds.length - 1]) {
      scopeEnds.pop();
      x.scopes.pop();
      x.fnStack.pop();
    }
    switch (name) {
      case 'fn':
        enterFunction(x, node);
        scopeEnds.push(node.endIndex);
        break;
      case 'bind':
        bindAssignment(x, node);
        break;
      case 'spec':
        if (x.fnStack.length) bindSpec(x, node);
        break;
      case 'call':
        onCall(x, node);
        break;
      case 'lit':
        onLiteral(x, node);
        break;
      case 'sel':
        onSelector(x, node);
        break;
      case 'str':
        if (!skip.has(node.startIndex)) onString(x, node);
        break;
    }
  }
}

function enterFunction(x: Extraction, node: Node): void {
  const scope = new Map<string, Handle>();
  const isDecl = node.type !== 'func_literal';
  const fnName = isDecl ? field(node, 'name')?.text ?? '' : x.fnStack[x.fnStack.length - 1] ?? '';
  if (node.type === 'function_declaration') x.declaredFns.add(fnName);
  const pending = x.pendingParams.get(node.startIndex);
  const receiver = node.type === 'method_declaration' ? named(field(node, 'receiver')) : [];
  let index = 0;
  for (const p of [...receiver, ...named(field(node, 'parameters'))]) {
    const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
    const type = field(p, 'type');
    for (const n of names) {
      const handle = pending?.get(n.text) ?? (type && isDecl && !receiver.includes(p) ? paramHandle(x, type, fnName, index) : type ? paramHandle(x, type, undefined, -1) : undefined);
      scope.set(n.text, handle ?? { t: 'none' });
      if (!receiver.includes(p)) index++;
    }
    if (!names.length && !receiver.includes(p)) index++;
  }
  x.scopes.push(scope);
  x.fnStack.push(fnName);
}

function specsOf(decl: Node): Node[] {
  return named(decl).flatMap((c) => (c.type === 'const_spec' || c.type === 'var_spec' ? [c] : named(c).filter((s) => s.type === 'const_spec' || s.type === 'var_spec')));
}

function bindSpec(x: Extraction, spec: Node): void {
  const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
  const values = named(field(spec, 'value'));
  names.forEach((n, i) => {
    const v = values[i];
    const s = stringValue(v);
    if (s !== undefined) x.consts.set(n.text, s);
    bindName(x, n.text, v ? handleOf(x, v) : undefined);
  });
}

function bindAssignment(x: Extraction, node: Node): void {
  const left = named(field(node, 'left'));
  const right = named(field(node, 'right'));
  const declare = node.type === 'short_var_declaration';
  left.forEach((l, i) => {
    const r = right.length === left.length ? right[i] : undefined;
    if (l.type === 'identifier') {
      const handle = r ? handleOf(x, r) : undefined;
      if (declare) {
        bindName(x, l.text, handle);
        if (r && stringValue(r) !== undefined) x.consts.set(l.text, stringValue(r)!);
      } else if (handle) {
        // Plain `=` rebinds where the variable lives; unknown variables become locals.
        const scope = [...x.scopes].reverse().find((s) => s.has(l.text)) ?? x.scopes[x.scopes.length - 1];
        scope.set(l.text, handle);
      }
    } else if (l.type === 'selector_expression' && r) {
      const fieldName = field(l, 'field')?.text ?? '';
      const operand = field(l, 'operand');
      const handle = handleOf(x, r);
      if (handle && operand && !pkgOf(x, operand)) x.fields.set(fieldName, handle);
      onAssignField(x, l, operand, fieldName, r);
    }
  });
}

/** What an expression refers to: a router, server, client, cookie or CORS config we track. */
export function handleOf(x: Extraction, expr: Node): Handle | undefined {
  // Chains (`r.With(a).With(b)…`) recurse through appHandleOfCall: bound the depth on hostile input.
  if (x.depth > 100) return undefined;
  x.depth++;
  try {
    return handleOfExpr(x, expr);
  } finally {
    x.depth--;
  }
}

function handleOfExpr(x: Extraction, expr: Node): Handle | undefined {
  const n = unwrapExpr(expr);
  if (n.type === 'identifier') return lookup(x, n.text);
  if (n.type === 'selector_expression') {
    const operand = field(n, 'operand');
    if (operand && pkgOf(x, operand)) return undefined;
    return x.fields.get(field(n, 'field')?.text ?? '');
  }
  if (n.type === 'call_expression') {
    // A call means the same thing wherever it is asked about: once per call (chains stay linear).
    const key = `h@${n.startIndex}:${n.endIndex}`;
    if (x.memo.has(key)) return x.memo.get(key) as Handle | undefined;
    const callee = calleeOf(n);
    const h = callee ? appHandleOfCall(x, n, callee) ?? valueHandle(x, n, callee) : undefined;
    x.memo.set(key, h);
    return h;
  }
  if (n.type === 'composite_literal') return valueHandle(x, n);
  return undefined;
}

function onCall(x: Extraction, call: Node): void {
  const callee = calleeOf(call);
  if (!callee) return;
  const args = argsOf(call);
  let routerMethod = false;
  if (callee.operand) {
    const path = pkgOf(x, callee.operand);
    if (!path) {
      const h = handleOf(x, callee.operand);
      if (h) onRouterCall(x, h, callee.name, call, args);
      routerMethod = h?.t === 'router';
    }
  }
  if (!routerMethod) {
    // A prefixed router handed to code we do not see registers routes whose full path we cannot know.
    for (const arg of args) {
      const h = arg.type === 'identifier' || arg.type === 'call_expression' ? handleOf(x, arg) : undefined;
      if (h?.t === 'router' && h.prefix && h.prefix !== '/') x.handedOff.push(callee.operand ? '.' + callee.name : callee.name);
    }
  }
  if (!callee.operand) {
    // `registerRoutes(r)`: a router passed to a local function binds that function's parameter.
    args.forEach((arg, index) => {
      const h = handleOf(x, arg);
      if (h?.t === 'router') x.paramCalls.push({ fn: callee.name, index, handle: h });
    });
  }
  appHandleOfCall(x, call, callee, args);
  onCallConfig(x, call, callee, args);
}

/** Workspace files of the packages this file imports from its own module. */
function workspaceImports(workspace: WorkspaceModel, path: string, importPaths: string[]): string[] {
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  let goMod: SourceFile | undefined;
  for (;;) {
    goMod = workspace.file(dir ? `${dir}/go.mod` : 'go.mod');
    if (goMod || dir === '') break;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
  const module = goMod ? /^\s*module\s+("?)([^\s"]+)\1/m.exec(goMod.text)?.[2] : undefined;
  if (!goMod || !module) return [];
  const out: string[] = [];
  for (const p of importPaths) {
    if (!p.startsWith(module + '/')) continue;
    const pkgDir = [dir, p.slice(module.length + 1)].filter(Boolean).join('/');
    for (const name of workspace.listDir(pkgDir)) {
      if (name.endsWith('.go') && !name.endsWith('_test.go')) out.push(`${pkgDir}/${name}`);
    }
  }
  return out;
}
