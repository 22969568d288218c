import type { Framework, RouteFact, ServeFact } from '../../../model/app';
import { classifyMiddlewareArg, finalizeConfig } from './config';
import { finalizeServing, ginMode } from './serving';
import { handleOf } from './extract';
import { LIB } from './imports';
import { goSignals, serviceGoFiles } from './service';
import type { AppState, Extraction, Handle, RouterHandle } from './state';
import { addFact, configValue, currentFn, isPkg, loc, memo, pkgOf } from './state';
import type { Callee, Node } from './syntax';
import { argsOf, calleeOf, durationSeconds, enclosingStatement, field, indentAt, named, stringValue, unwrapExpr } from './syntax';

/** Routers, routes, middleware registration and serving, per framework. */

const CONSTRUCTORS: { lib: string; names: string[]; fw: Framework }[] = [
  { lib: LIB.gin, names: ['Default', 'New'], fw: 'gin' },
  { lib: LIB.echo, names: ['New'], fw: 'echo' },
  { lib: LIB.chi, names: ['NewRouter', 'NewMux'], fw: 'chi' },
  { lib: LIB.fiber, names: ['New'], fw: 'fiber' },
  { lib: LIB.http, names: ['NewServeMux'], fw: 'net/http' },
];

const ROUTER_TYPES: { lib: string; names: string[]; fw: Framework }[] = [
  { lib: LIB.gin, names: ['Engine', 'RouterGroup', 'IRouter', 'IRoutes'], fw: 'gin' },
  { lib: LIB.echo, names: ['Echo', 'Group'], fw: 'echo' },
  { lib: LIB.chi, names: ['Router', 'Mux'], fw: 'chi' },
  { lib: LIB.fiber, names: ['App', 'Router', 'Group'], fw: 'fiber' },
  { lib: LIB.http, names: ['ServeMux'], fw: 'net/http' },
];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'];

export function createApp(x: Extraction, call: Node, fw: Framework): AppState {
  return memo(x, 'app', call, () => {
    const stmt = enclosingStatement(call);
    const variable = bindingName(call);
    const lineOf = x.lines.positionAt(call.startIndex).line;
    const state: AppState = {
      framework: fw,
      fn: currentFn(x),
      timeouts: {},
      variable,
      app: {
        // Unique per file: two `r := chi.NewRouter()` in different functions get their line.
        id: variable && !x.apps.some((a) => a.variable === variable) ? `${x.path}#${variable}` : `${x.path}#${lineOf + 1}`,
        language: 'go',
        framework: fw,
        constructorLoc: loc(x, call),
        variable,
        serviceDir: x.serviceDir,
        afterConstructor: stmt ? { loc: { file: x.path, range: x.lines.rangeAt(stmt.endIndex, stmt.endIndex) }, indent: indentAt(x.text, stmt.startIndex) } : undefined,
        importPoint: importPoint(x),
      },
    };
    x.apps.push(state);
    return state;
  });
}

function importPoint(x: Extraction) {
  const m = /^import\s*\(([^)]*)\)/m.exec(x.text);
  const at = m ? m.index + m[0].length - 1 : (/^package\s+\w+.*$/m.exec(x.text)?.[0].length ?? 0);
  return { loc: { file: x.path, range: x.lines.rangeAt(at, at) }, indent: '\t' };
}

/** `r := gin.Default()` → `r`; `s.router = chi.NewRouter()` → `s.router`; `srv := &http.Server{…}` → `srv`. */
export function bindingName(node: Node): string | undefined {
  let expr = node;
  while (expr.parent && (expr.parent.type === 'unary_expression' || expr.parent.type === 'parenthesized_expression')) expr = expr.parent;
  const list = expr.parent;
  if (!list || list.type !== 'expression_list') return undefined;
  const holder = list.parent;
  if (!holder) return undefined;
  const left = holder.type === 'var_spec' ? holder.childrenForFieldName('name').filter((n): n is Node => !!n)
    : holder.type === 'short_var_declaration' || holder.type === 'assignment_statement' ? named(field(holder, 'left')) : [];
  const index = named(list).findIndex((n) => n.startIndex === expr.startIndex);
  return left[index]?.text;
}

/** The router a call returns: an app constructor, `r.Group("/api")`, chi `r.With(mw)`, `newRouter()`. */
export function appHandleOfCall(x: Extraction, call: Node, known?: Callee, knownArgs?: Node[]): RouterHandle | undefined {
  const callee = known ?? calleeOf(call);
  if (!callee) return undefined;
  if (!callee.operand) return { t: 'router', fw: 'net/http', prefix: '', fromFn: callee.name };
  const path = pkgOf(x, callee.operand);
  if (path) {
    const ctor = CONSTRUCTORS.find((c) => isPkg(path, c.lib) && c.names.includes(callee.name));
    if (!ctor) return undefined;
    const app = createApp(x, call, ctor.fw);
    if (ctor.fw === 'fiber') fiberConfig(x, app, (knownArgs ?? argsOf(call))[0]);
    return { t: 'router', fw: ctor.fw, app, prefix: '' };
  }
  if (!['Group', 'With', 'Route'].includes(callee.name)) return undefined;
  const h = handleOf(x, callee.operand);
  if (h?.t !== 'router') return undefined;
  const args = knownArgs ?? argsOf(call);
  if (callee.name === 'Group' && h.fw !== 'chi') {
    const p = pathOf(x, args[0]);
    return p === undefined ? undefined : { ...h, prefix: joinPath(h.prefix, p) };
  }
  if (callee.name === 'With' || (callee.name === 'Group' && h.fw === 'chi') || (callee.name === 'Route' && h.fw === 'chi')) {
    return { ...h, prefix: callee.name === 'Route' ? joinPath(h.prefix, pathOf(x, args[0]) ?? '') : h.prefix };
  }
  return undefined;
}

/** A parameter typed `*gin.Engine`, `chi.Router`, `*http.ServeMux`…: a router of unknown origin. */
export function paramHandle(x: Extraction, type: Node, fn: string | undefined, index: number): Handle | undefined {
  let t = type;
  if (t.type === 'pointer_type') t = t.namedChild(0) ?? t;
  if (t.type !== 'qualified_type') return undefined;
  const path = x.imports.get(field(t, 'package')?.text ?? '');
  const name = field(t, 'name')?.text ?? '';
  const rt = ROUTER_TYPES.find((r) => isPkg(path, r.lib) && r.names.includes(name));
  if (!rt) return undefined;
  return { t: 'router', fw: rt.fw, prefix: '', param: fn ? { fn, index } : undefined };
}

export function pathOf(x: Extraction, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const s = stringValue(node);
  if (s !== undefined) return s;
  if (node.type === 'identifier') return x.consts.get(node.text);
  return undefined;
}

/** `"GET"`, `http.MethodGet`. */
function methodOf(x: Extraction, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const s = stringValue(node);
  if (s !== undefined) return s.toUpperCase();
  if (node.type === 'selector_expression' && isPkg(pkgOf(x, field(node, 'operand')), LIB.http)) {
    const m = /^Method(\w+)$/.exec(field(node, 'field')?.text ?? '');
    return m?.[1].toUpperCase();
  }
  return undefined;
}

export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path.startsWith('/') || path === '' ? path || '/' : '/' + path;
  const a = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (path === '' || path === '/') return a || '/';
  return a + (path.startsWith('/') ? path : '/' + path);
}

/** Go 1.22 `ServeMux` patterns: `[METHOD ][HOST]/path`, `{$}` anchors. */
function muxPattern(pattern: string): { method?: string; path: string } {
  let p = pattern.trim();
  let method: string | undefined;
  const m = /^([A-Z]+)\s+(.*)$/.exec(p);
  if (m) { method = m[1]; p = m[2]; }
  const slash = p.indexOf('/');
  p = slash > 0 ? p.slice(slash) : p;
  return { method, path: p.replace(/\{\$\}$/, '') || '/' };
}

export function addRoute(x: Extraction, h: RouterHandle, pathNode: Node | undefined, method: string | undefined, mux = false): void {
  if (!pathNode) return;
  const raw = pathOf(x, pathNode);
  if (raw === undefined) {
    x.incomplete = true;
    addFact(x, pathNode, { kind: 'route', appId: h.app?.app.id, path: pathNode.text, method, loc: loc(x, pathNode), dynamic: true });
    return;
  }
  const parsed = mux ? muxPattern(raw) : { method, path: raw };
  const route: RouteFact = { kind: 'route', appId: h.app?.app.id, path: joinPath(h.prefix, parsed.path), method: parsed.method ?? method, loc: loc(x, pathNode) };
  addFact(x, pathNode, route);
  // A ServeMux pattern ending in `/` serves the whole subtree (`/` serves every path).
  if (mux && parsed.path.endsWith('/')) opaqueMount(x, h, route.path, pathNode);
  if (!h.app && h.param) x.paramRoutes.push({ route, param: h.param });
}

export function onRouterCall(x: Extraction, h: Handle, name: string, call: Node, args: Node[]): void {
  // Shutdown calls are recorded for every receiver by onCallConfig.
  if (h.t !== 'router') return;
  const upper = name.toUpperCase();
  const fw = h.fw;
  const receiver = field(field(call, 'function')!, 'operand')?.text ?? '';
  if (fw === 'net/http') {
    if (name === 'Handle' || name === 'HandleFunc') {
      addRoute(x, h, args[0], undefined, true);
      if (name === 'Handle') mountArg(x, h, args[0], args[1]);
    }
    return;
  }
  const isMethodName = fw === 'gin' || fw === 'echo' ? HTTP_METHODS.includes(name) : HTTP_METHODS.includes(upper) && name === upper[0] + upper.slice(1).toLowerCase();
  if (isMethodName) return addRoute(x, h, args[0], upper);
  switch (name) {
    case 'Any': case 'All':
      return addRoute(x, h, args[0], undefined);
    case 'Handle': case 'HandleFunc':
      if (fw === 'gin') return addRoute(x, h, args[1], methodOf(x, args[0]));
      return addRoute(x, h, args[0], undefined, fw === 'chi');
    case 'Method': case 'MethodFunc': case 'Add':
      return addRoute(x, h, args[1], methodOf(x, args[0]));
    case 'Match':
      return addRoute(x, h, args[1], undefined);
    case 'Use': case 'Pre': case 'With':
      if (fw === 'fiber' && args.length >= 2 && pathOf(x, args[0]) !== undefined) mountArg(x, h, args[0], args[1]);
      return useArgs(x, h, args);
    case 'Group':
      if (fw === 'chi') bindFuncParam(x, args[0], h);
      return useArgs(x, h, args.slice(1));
    case 'Route':
      return bindFuncParam(x, args[1], { ...h, prefix: joinPath(h.prefix, pathOf(x, args[0]) ?? '') });
    case 'Mount':
      return mountArg(x, h, args[0], args[1]);
    case 'Static': case 'StaticFS': case 'StaticFile':
      if (args[0]) opaqueMount(x, h, joinPath(h.prefix, pathOf(x, args[0]) ?? ''), args[0]);
      return;
    case 'NoRoute':
      if (fw === 'gin') opaqueMount(x, h, '', call);
      return;
    case 'Run': case 'RunTLS': case 'Start': case 'StartTLS': case 'StartAutoTLS': case 'Listen': case 'ListenTLS': case 'Listener': {
      if (!h.app) return;
      const kind = fw === 'gin' ? 'gin' : fw === 'echo' ? 'echo' : fw === 'fiber' ? 'fiber' : undefined;
      if (!kind || (fw === 'gin' && !name.startsWith('Run')) || (fw === 'echo' && !name.startsWith('Start')) || (fw === 'fiber' && !name.startsWith('Listen'))) return;
      const fact: ServeFact = { kind: 'serve', appId: h.app.app.id, call: `${receiver}.${name}`, loc: loc(x, call), timeouts: {}, gracefulShutdown: false, replaceable: name === 'Run' || name === 'Start' || name === 'Listen' };
      addFact(x, call, fact);
      x.serves.push({ handle: undefined, fact, kind, app: h.app, receiver });
      return;
    }
    case 'StartServer': {
      const s = args[0] && handleOf(x, args[0]);
      if (s?.t === 'server' && h.app) { s.app = h.app; s.serve.appId = h.app.app.id; }
      return;
    }
  }
}

/** Something serves every path under `prefix` and we cannot list them (a sub-handler, static files). */
function opaqueMount(x: Extraction, h: RouterHandle, prefix: string, at: Node): void {
  addFact(x, at, { kind: 'mount', parent: h.app?.app.id, prefix: prefix === '/' ? '' : prefix.replace(/\/$/, ''), loc: loc(x, at) });
}

function bindFuncParam(x: Extraction, fnNode: Node | undefined, handle: RouterHandle): void {
  if (!fnNode || fnNode.type !== 'func_literal') return;
  const first = named(field(fnNode, 'parameters'))[0];
  const name = first?.childrenForFieldName('name')[0]?.text;
  if (name) x.pendingParams.set(fnNode.startIndex, new Map([[name, { ...handle, param: undefined }]]));
}

/** `r.Mount("/api", api)`, `mux.Handle("/api/", http.StripPrefix("/api", apiMux))`, `app.Mount("/x", sub)`. */
export function mountArg(x: Extraction, parent: RouterHandle, prefixNode: Node | undefined, target: Node | undefined): void {
  if (!target) return;
  let prefix = pathOf(x, prefixNode) ?? '';
  if (parent.fw === 'net/http') prefix = muxPattern(prefix).path;
  let inner = unwrapExpr(target);
  for (let guard = 0; guard < 10 && inner.type === 'call_expression'; guard++) {
    const callee = calleeOf(inner);
    const path = callee?.operand ? pkgOf(x, callee.operand) : undefined;
    if (isPkg(path, LIB.http) && callee?.name === 'StripPrefix') {
      // StripPrefix removes the prefix again: the inner router's routes are relative to it.
      inner = unwrapExpr(argsOf(inner)[1] ?? inner);
      continue;
    }
    break;
  }
  if (parent.fw === 'net/http' && inner === unwrapExpr(target)) prefix = '';
  const h = handleOf(x, inner);
  if (h?.t !== 'router' || (!h.app && !h.fromFn)) {
    if (parent.fw !== 'net/http') opaqueMount(x, parent, joinPath(parent.prefix, prefix), prefixNode ?? target);
    return;
  }
  const full = joinPath(parent.prefix, prefix === '/' ? '' : prefix.replace(/\/$/, ''));
  if (h.app && h.app !== parent.app) h.app.mountedInto = { parent: parent.app, prefix: full };
  else if (h.fromFn) x.mounts.push({ fn: h.fromFn, parent: parent.app, prefix: full });
}

function useArgs(x: Extraction, h: RouterHandle, args: Node[]): void {
  for (const a of args) {
    const n = unwrapExpr(a);
    if (h.app) {
      x.useTargets.push({ start: n.startIndex, app: h.app });
      // `cors.New(cors.Config{…})`: the config literal holds the fact.
      if (n.type === 'call_expression') for (const inner of argsOf(n)) x.useTargets.push({ start: unwrapExpr(inner).startIndex, app: h.app });
    }
    classifyMiddlewareArg(x, a, h.app);
  }
}

/** fiber.New(fiber.Config{ReadTimeout: …}): the timeouts `app.Listen` will use. */
function fiberConfig(x: Extraction, app: AppState, arg: Node | undefined): void {
  const lit = arg ? unwrapExpr(arg) : undefined;
  if (!lit || lit.type !== 'composite_literal') return;
  for (const el of named(field(lit, 'body'))) {
    if (el.type !== 'keyed_element') continue;
    const [k, v] = named(el).map((n) => (n.type === 'literal_element' ? n.namedChild(0) ?? n : n));
    if (!k || !v) continue;
    const key = k.text === 'ReadTimeout' ? 'read' : k.text === 'WriteTimeout' ? 'write' : k.text === 'IdleTimeout' ? 'idle' : undefined;
    if (key && !isZero(v)) app.timeouts[key] = configValue(x, v, durationSeconds(v, x.timeAlias));
  }
}

export function isZero(node: Node): boolean {
  return node.type === 'int_literal' && Number(node.text) === 0;
}

/** Resolution that needs the whole file: mounts, routers passed to helpers, serving state, gin mode. */
export function finalize(x: Extraction): void {
  for (const m of x.mounts) {
    for (const a of x.apps) if (m.fn && a.fn === m.fn && a !== m.parent) a.mountedInto = { parent: m.parent, prefix: m.prefix };
  }
  // Routers built in a function another file mounts (`r.Mount("/users", users.Routes())`).
  for (const a of x.apps) {
    if (a.mountedInto || !a.fn || a.fn === 'main') continue;
    for (const f of serviceGoFiles(x.workspace, x.serviceDir)) {
      const prefix = goSignals(x.workspace, f).mounts.get(a.fn);
      if (prefix !== undefined && f.path !== x.path) { a.mountedInto = { prefix }; break; }
    }
  }
  const finalApp = (a: AppState | undefined): AppState | undefined => {
    let cur = a;
    for (let guard = 0; guard < 20 && cur?.mountedInto; guard++) cur = cur.mountedInto.parent;
    return cur;
  };
  const prefixOf = (a: AppState): string => {
    let p = '';
    let cur: AppState | undefined = a;
    for (let guard = 0; guard < 20 && cur?.mountedInto; guard++) { p = joinPath(cur.mountedInto.prefix, p === '/' ? '' : p); cur = cur.mountedInto.parent; }
    return p;
  };
  const byId = new Map(x.apps.map((a) => [a.app.id, a]));
  for (const f of x.facts) {
    if (f.kind === 'mount' && f.parent) {
      const a = byId.get(f.parent);
      if (a?.mountedInto) { f.prefix = joinPath(prefixOf(a), f.prefix ?? ''); f.parent = finalApp(a)?.app.id; }
      continue;
    }
    if (!('appId' in f) || !f.appId) continue;
    const a = byId.get(f.appId);
    if (!a?.mountedInto) continue;
    if (f.kind === 'route') f.path = joinPath(prefixOf(a), f.path === '/' ? '' : f.path);
    f.appId = finalApp(a)?.app.id;
  }
  // A router handed to `registerRoutes(r)` in this file: its routes belong to that router.
  for (const pr of x.paramRoutes) {
    const calls = x.paramCalls.filter((c) => c.fn === pr.param.fn && c.index === pr.param.index);
    if (calls.length !== 1) continue;
    const target = finalApp(calls[0].handle.app);
    pr.route.appId = target?.app.id;
    pr.route.path = joinPath(calls[0].handle.prefix, pr.route.path === '/' ? '' : pr.route.path);
  }
  for (const u of x.useTargets) {
    for (const f of x.factsAt.get(u.start) ?? []) {
      if ((f.kind === 'capability' || f.kind === 'cors' || f.kind === 'rate-limit-config' || f.kind === 'route') && !f.appId) f.appId = finalApp(u.app)?.app.id;
    }
  }
  finalizeServing(x);
  finalizeConfig(x);
  ginMode(x);
}

