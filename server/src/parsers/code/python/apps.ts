/**
 * Apps, routers and routes: `FastAPI()`/`Starlette()`/`Flask()` constructors, `APIRouter`/
 * `Blueprint` with their prefixes, route decorators and `add_*_route` calls, Starlette
 * `Route`/`Mount` lists, `include_router`/`register_blueprint`/`mount`, and how the app is served
 * (`uvicorn.run`, `app.run`, `waitress.serve`) with its debug/reload/workers flags.
 */
import type { DebugFact, Framework, HttpApp, MountFact, RouteFact, ServeFact } from '../../../model/app';
import { callParts, field, statementOf, topStatementOf, underMainGuard, type PyNode } from './ast';
import {
  afterStatement, beforeStatement, inDevBranch, lastName, literal, locOf, q, resolveConst, str, t, targetId, value, type Ctx,
} from './context';
import { resolveModule, workspaceRef } from './imports';
import { elementsOf } from './values';

const APP_CTORS: Record<string, Framework> = {
  'fastapi.FastAPI': 'fastapi',
  'fastapi.applications.FastAPI': 'fastapi',
  'starlette.applications.Starlette': 'starlette',
  'flask.Flask': 'flask',
  'flask.app.Flask': 'flask',
};
const ROUTER_CTORS: Record<string, 'fastapi' | 'flask' | 'starlette'> = {
  'fastapi.APIRouter': 'fastapi',
  'fastapi.routing.APIRouter': 'fastapi',
  'flask.Blueprint': 'flask',
  'flask.blueprints.Blueprint': 'flask',
  'starlette.routing.Router': 'starlette',
};
const ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'route', 'api_route', 'websocket']);
const ROUTE_CALLS = new Set(['add_api_route', 'add_url_rule', 'add_route', 'add_api_websocket_route', 'add_websocket_route']);

/** Pass 1: app and router constructors bound to variables. */
export function collectApps(ctx: Ctx, assignments: PyNode[]): void {
  for (const a of assignments) {
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (!left || right?.type !== 'call' || (left.type !== 'identifier' && left.type !== 'attribute')) continue;
    const callee = field(right, 'function');
    const name = q(ctx, callee);
    if (!name || !callee) continue;
    const variable = t(ctx, left);
    const framework = APP_CTORS[name];
    if (framework && !ctx.appVars.has(variable)) {
      const id = `${ctx.path}#${variable}`;
      const stmt = statementOf(a);
      const app: HttpApp = {
        id,
        language: 'python',
        framework,
        constructorLoc: locOf(ctx, callee),
        variable,
        serviceDir: '',
        afterConstructor: afterStatement(ctx, stmt),
        beforeConstructor: beforeStatement(ctx, topStatementOf(a)),
        routesResolved: true,
      };
      ctx.apps.push(app);
      ctx.appVars.set(variable, app);
      continue;
    }
    const routerFramework = ROUTER_CTORS[name];
    if (routerFramework && !ctx.routers.has(variable)) {
      const id = `${ctx.path}#${variable}`;
      ctx.routers.set(variable, { id, framework: routerFramework });
      const parts = callParts(ctx.m, right);
      const prefixNode = parts?.keywords.get(routerFramework === 'flask' ? 'url_prefix' : 'prefix')?.value;
      const prefix = prefixNode ? str(ctx, prefixNode) : '';
      ctx.facts.push({ kind: 'router', id, prefix, loc: locOf(ctx, callee) });
      if (routerFramework === 'starlette' && parts) routeList(ctx, parts.keywords.get('routes')?.value, { router: id }, '');
    }
  }
}

interface Owner {
  appId?: string;
  router?: string;
}

/** The owner of routes registered on `recv`: an app of this file, else a router (local or imported). */
function ownerOf(ctx: Ctx, recv: PyNode): Owner | undefined {
  if (recv.type === 'identifier') {
    const app = ctx.appVars.get(t(ctx, recv));
    if (app) return { appId: app.id };
  }
  const id = targetId(ctx, recv);
  return id ? { router: id } : undefined;
}

function methodOf(ctx: Ctx, meth: string, methods: PyNode | undefined): string | undefined {
  if (meth === 'websocket' || meth.includes('websocket')) return 'WEBSOCKET';
  if (ROUTE_DECORATORS.has(meth) && !['route', 'api_route'].includes(meth)) return meth.toUpperCase();
  const list = literal(ctx, methods);
  if (Array.isArray(list)) {
    const upper = list.filter((x): x is string => typeof x === 'string').map((x) => x.toUpperCase());
    if (upper.includes('GET')) return 'GET';
    if (upper.includes('HEAD')) return 'HEAD';
    return upper[0];
  }
  // Flask's route/add_url_rule and FastAPI's api_route default to GET; Starlette's add_route to any.
  return meth === 'add_route' ? undefined : 'GET';
}

function pushRoute(ctx: Ctx, owner: Owner | undefined, pathNode: PyNode | undefined, method: string | undefined, at: PyNode): void {
  const path = pathNode ? str(ctx, pathNode) : undefined;
  const fact: RouteFact = { kind: 'route', path: path ?? '', method, loc: locOf(ctx, pathNode ?? at) };
  if (owner?.appId) fact.appId = owner.appId;
  if (owner?.router) fact.router = owner.router;
  if (path === undefined) fact.dynamic = true;
  ctx.facts.push(fact);
}

/** `@app.get("/x")`, `@bp.route("/x", methods=[…])` on a definition. */
export function routeDecorator(ctx: Ctx, call: PyNode): boolean {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return false;
  const meth = t(ctx, field(callee, 'attribute')!);
  if (!ROUTE_DECORATORS.has(meth)) return false;
  const parts = callParts(ctx.m, call);
  if (!parts) return false;
  const recv = field(callee, 'object')!;
  const pathNode = parts.positional[0] ?? parts.keywords.get('path')?.value ?? parts.keywords.get('rule')?.value;
  const owner = ownerOf(ctx, recv);
  // A decorator on an unknown receiver (a helper's `app` parameter) counts only with a literal URL path.
  if (!owner && !(str(ctx, pathNode)?.startsWith('/') && webFile(ctx))) return false;
  pushRoute(ctx, owner, pathNode, methodOf(ctx, meth, parts.keywords.get('methods')?.value), call);
  return true;
}

function webFile(ctx: Ctx): boolean {
  return ['fastapi', 'flask', 'starlette', 'quart'].some((r) => ctx.table.roots.has(r));
}

/** Calls on apps/routers: routes, mounts, serving. Returns true when the call was one of them. */
export function appCall(ctx: Ctx, call: PyNode): boolean {
  const callee = field(call, 'function');
  const parts = callParts(ctx.m, call);
  if (!callee || !parts) return false;
  const name = q(ctx, callee);
  const last = lastName(name);
  if (name && APP_CTORS[name]) {
    const debug = parts.keywords.get('debug');
    if (debug) debugFact(ctx, `${t(ctx, callee)}(debug=…)`, debug.value, false);
    if (APP_CTORS[name] === 'starlette') {
      const app = appOfCall(ctx, call);
      routeList(ctx, parts.keywords.get('routes')?.value, app ? { appId: app } : undefined, '');
    }
    return true;
  }
  if (name === 'uvicorn.run' || name === 'waitress.serve' || name === 'hypercorn.run') {
    serve(ctx, call, name, parts.positional[0]);
    return true;
  }
  if (callee.type !== 'attribute') return false;
  const recv = field(callee, 'object')!;
  const meth = t(ctx, field(callee, 'attribute')!);
  if (ROUTE_CALLS.has(meth) && (ownerOf(ctx, recv) || webFile(ctx))) {
    const pathNode = parts.positional[0] ?? parts.keywords.get('path')?.value ?? parts.keywords.get('rule')?.value;
    pushRoute(ctx, ownerOf(ctx, recv), pathNode, methodOf(ctx, meth, parts.keywords.get('methods')?.value), call);
    return true;
  }
  if (meth === 'include_router' || meth === 'register_blueprint') {
    const flask = meth === 'register_blueprint';
    const prefixNode = parts.keywords.get(flask ? 'url_prefix' : 'prefix')?.value;
    const mount: MountFact = {
      kind: 'mount',
      parent: targetId(ctx, recv),
      router: targetId(ctx, parts.positional[0]),
      prefix: prefixNode ? str(ctx, prefixNode) : '',
      loc: locOf(ctx, call),
    };
    if (flask && prefixNode) mount.replacesOwnPrefix = true;
    if (mount.parent === undefined) delete mount.parent;
    ctx.facts.push(mount);
    return true;
  }
  if (meth === 'mount' && parts.positional.length >= 1 && (ownerOf(ctx, recv) || webFile(ctx))) {
    const sub = parts.positional[1] ?? parts.keywords.get('app')?.value;
    const mount: MountFact = { kind: 'mount', prefix: str(ctx, parts.positional[0]), loc: locOf(ctx, call) };
    const parent = targetId(ctx, recv);
    if (parent) mount.parent = parent;
    const router = sub && sub.type !== 'call' ? targetId(ctx, sub) : undefined;
    if (router) mount.router = router;
    ctx.facts.push(mount);
    return true;
  }
  // `app.run(...)`: an app of this file, an imported one, or `app = create_app()` from a factory.
  if (meth === 'run' && (ctx.appVars.has(t(ctx, recv)) || workspaceRef(ctx.m, ctx.table, recv) || (/^(app|application)$/.test(t(ctx, recv)) && webFile(ctx)) || factoryBound(ctx, recv))) {
    serve(ctx, call, 'app.run', recv);
    return true;
  }
  return false;
}

/** `app = create_app()`: a variable bound to an app factory's result. */
function factoryBound(ctx: Ctx, recv: PyNode): boolean {
  if (recv.type !== 'identifier') return false;
  const bound = ctx.consts.get(t(ctx, recv));
  const fn = bound?.type === 'call' ? t(ctx, field(bound, 'function')!) : '';
  return /(^|\.)(create|make|build|get)_?(app|application)$/i.test(fn);
}

/** The app a constructor call is assigned to, when it is. */
function appOfCall(ctx: Ctx, call: PyNode): string | undefined {
  const parent = call.parent;
  if (parent?.type === 'assignment') {
    const left = field(parent, 'left');
    if (left) return ctx.appVars.get(t(ctx, left))?.id;
  }
  return undefined;
}

/** Starlette `routes=[Route(…), Mount(…, routes=[…])]`, iteratively (mounts nest). */
function routeList(ctx: Ctx, list: PyNode | undefined, owner: Owner | undefined, prefix: string): void {
  const stack: { list: PyNode; prefix: string | undefined }[] = [];
  if (list) stack.push({ list: resolveConst(ctx, list), prefix });
  while (stack.length) {
    const { list: l, prefix: p } = stack.pop()!;
    for (const el of elementsOf(l) ?? []) {
      if (el.type !== 'call') continue;
      const parts = callParts(ctx.m, el);
      const kind = lastName(q(ctx, field(el, 'function')));
      if (!parts) continue;
      const pathNode = parts.positional[0] ?? parts.keywords.get('path')?.value;
      const path = str(ctx, pathNode);
      const full = p === undefined || path === undefined ? undefined : p + path;
      if (kind === 'Route') {
        const fact: RouteFact = { kind: 'route', path: full ?? '', method: methodOf(ctx, 'api_route', parts.keywords.get('methods')?.value), loc: locOf(ctx, pathNode ?? el) };
        if (owner?.appId) fact.appId = owner.appId;
        if (owner?.router) fact.router = owner.router;
        if (full === undefined) fact.dynamic = true;
        ctx.facts.push(fact);
      } else if (kind === 'Mount') {
        const routes = parts.keywords.get('routes')?.value ?? (parts.positional[1] && parts.positional[1].type === 'list' ? parts.positional[1] : undefined);
        if (routes) {
          stack.push({ list: resolveConst(ctx, routes), prefix: full });
        } else {
          const sub = parts.keywords.get('app')?.value ?? parts.positional[1];
          const mount: MountFact = { kind: 'mount', prefix: full, loc: locOf(ctx, el) };
          const parent = owner?.appId ?? owner?.router;
          if (parent) mount.parent = parent;
          const router = sub && sub.type !== 'call' ? targetId(ctx, sub) : undefined;
          if (router) mount.router = router;
          ctx.facts.push(mount);
        }
      } else if (kind === 'Host') {
        const mount: MountFact = { kind: 'mount', prefix: p, loc: locOf(ctx, el) };
        const parent = owner?.appId ?? owner?.router;
        if (parent) mount.parent = parent;
        ctx.facts.push(mount);
      }
    }
  }
}

function serve(ctx: Ctx, call: PyNode, what: string, target: PyNode | undefined): void {
  const parts = callParts(ctx.m, call)!;
  const scriptOnly = underMainGuard(ctx.m, call);
  let appId: string | undefined;
  if (target) {
    const s = str(ctx, target);
    // uvicorn.run("app.main:app"): a module path and a variable.
    if (s && /^[\w.]+:\w+$/.test(s)) {
      const [mod, variable] = s.split(':');
      const file = ctx.table.modules.get(mod) ?? resolveDotted(ctx, mod);
      if (file) appId = `${file}#${variable}`;
    } else {
      appId = targetId(ctx, target);
    }
  }
  const fact: ServeFact = { kind: 'serve', call: what, loc: locOf(ctx, field(call, 'function')!) };
  if (appId) fact.appId = appId;
  for (const [key, prop] of [['debug', 'debug'], ['reload', 'reload'], ['workers', 'workers'], ['threads', 'workers']] as const) {
    const kw = parts.keywords.get(key);
    if (kw && (key !== 'threads' || !fact.workers)) fact[prop] = value(ctx, kw.value);
  }
  ctx.facts.push(fact);
  for (const key of ['debug', 'reload', 'use_reloader', 'use_debugger']) {
    const kw = parts.keywords.get(key);
    if (kw) debugFact(ctx, `${what}(${key}=…)`, kw.value, scriptOnly);
  }
}

function resolveDotted(ctx: Ctx, dotted: string): string | undefined {
  const file = resolveModule(ctx.ws, ctx.path, dotted, 0);
  return file && !file.endsWith('/') ? file : undefined;
}

const DEV_CLASS = /(dev|develop|development|local|test|testing|debug)/i;

/** Whether a node sits in a development config class (`class DevelopmentConfig:`). */
export function inDevClass(ctx: Ctx, n: PyNode): boolean {
  for (let cur = n.parent; cur; cur = cur.parent) {
    if (cur.type === 'class_definition') {
      const name = field(cur, 'name');
      if (name && DEV_CLASS.test(t(ctx, name))) return true;
    }
  }
  return false;
}

/** `class Config: DEBUG = True` with `class ProductionConfig(Config): DEBUG = False` in the same module. */
function overriddenByProductionClass(ctx: Ctx, n: PyNode, setting: string | undefined): boolean {
  if (!setting) return false;
  let cls: PyNode | undefined;
  for (let cur = n.parent; cur && !cls; cur = cur.parent) if (cur.type === 'class_definition') cls = cur;
  const name = cls ? field(cls, 'name') : undefined;
  if (!name || /prod/i.test(t(ctx, name))) return false;
  const re = new RegExp(`^class\\s+\\w*prod\\w*\\b[^\\n]*:[\\s\\S]*?^\\s+${setting}\\s*=`, 'im');
  return re.test(ctx.m.src.slice(cls!.end));
}

export function debugFact(ctx: Ctx, what: string, valueNode: PyNode, scriptOnly: boolean, setting?: string): void {
  const fact: DebugFact = {
    kind: 'debug',
    what,
    value: value(ctx, valueNode),
    production: !ctx.dev && !inDevClass(ctx, valueNode) && !inDevBranch(ctx, valueNode) && !overriddenByProductionClass(ctx, valueNode, setting),
  };
  if (scriptOnly) fact.scriptOnly = true;
  if (setting) fact.setting = setting;
  ctx.facts.push(fact);
}
