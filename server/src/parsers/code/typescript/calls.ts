/**
 * Calls on apps, routers and servers: middleware and plugin registration, routes, mounts, serving,
 * and the framework switches (trust proxy, CORS, shutdown hooks, global prefix).
 */
import type { ts } from 'ts-morph';
import type { ServeFact } from '../../../model/app';
import { requiredModule, resolveRef } from './bindings';
import { boundName, serverOf } from './apps';
import type { Receiver, Scan } from './context';
import { dispatch } from './dispatch';
import { resolveModule } from './routes';
import { corsFromOptions, onLibraryCall, onRegister } from './libraries';
import { chainRoot, configValue, literalOf, methodCall, propertyValue, strip, stringValue } from './syntax';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);

/** Methods whose receiver decides what a call means: routes, registration, serving, switches. */
const RECEIVER_METHODS = new Set([...ROUTE_METHODS, 'use', 'register', 'route', 'listen', 'enableCors', 'enableShutdownHooks', 'set', 'enable', 'setGlobalPrefix', 'prefix']);

/**
 * Whether an expression's leftmost name is an import or a `require(…)`/`import(…)`: the cheap test
 * that keeps module resolution off the thousands of calls a large file makes to its own code.
 */
export function namesImport(scan: Scan, expr: ts.Expression): boolean {
  const t = scan.t;
  let e = expr;
  for (;;) {
    if (t.isPropertyAccessExpression(e) || t.isElementAccessExpression(e) || t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isAwaitExpression(e)) e = e.expression;
    else break;
  }
  if (t.isIdentifier(e)) return scan.bindings.imports.has(e.text);
  return t.isCallExpression(e) && requiredModule(e) !== undefined;
}

export function onCall(scan: Scan, call: ts.CallExpression): void {
  const t = scan.t;
  const imported = namesImport(scan, call.expression);
  const ref = imported ? resolveRef(scan.bindings, call.expression) : undefined;
  const required = ref || !imported ? undefined : requiredModule(strip(call.expression));
  if (ref) onLibraryCall(scan, call, ref, useContextApp(scan, call));
  else if (required) onLibraryCall(scan, call, { module: required, member: '' }, useContextApp(scan, call));
  if (ref?.module === '@nestjs/core' && ref.member === 'NestFactory.create') nestCreateOptions(scan, call);
  if (ref?.module === 'fastify' || required === 'fastify') trustProxyOption(scan, call.arguments[0], 'trustProxy');

  const mc = methodCall(call);
  if (!mc || !RECEIVER_METHODS.has(mc.method)) return;
  const { receiver, method } = mc;
  const target = scan.receiver(receiver) ?? chainedTarget(scan, receiver, method);
  if (!target) return;
  const appId = target.appId;
  const args = call.arguments;

  if (ROUTE_METHODS.has(method)) {
    const path = routePath(scan, receiver, args);
    if (path === undefined) return;
    addRoute(scan, target, path.path, method === 'all' ? undefined : method === 'del' ? 'DELETE' : method.toUpperCase(), call, path.dynamic);
    return;
  }
  switch (method) {
    case 'use':
      onUse(scan, call, target);
      break;
    case 'register':
      onRegister(scan, call, appId);
      onPluginMount(scan, call, target);
      break;
    case 'route':
      fastifyRoute(scan, call, target);
      break;
    case 'listen': {
      const serve: ServeFact = { kind: 'serve', appId, call: target.kind === 'server' ? 'server.listen' : 'app.listen', loc: scan.loc(call) };
      scan.facts.push(serve);
      if (target.kind === 'server' && target.name) scan.serveByServer.set(target.name, serve);
      const bound = boundName(scan, call);
      if (bound) {
        scan.serverVars.set(bound, appId);
        scan.serveByServer.set(bound, serve);
      }
      break;
    }
    case 'enableCors':
      scan.facts.push(corsFromOptions(scan, '@nestjs/core', call, args[0], appId));
      break;
    case 'enableShutdownHooks':
      scan.capability('graceful-shutdown', 'enableShutdownHooks', call, appId);
      break;
    case 'set':
    case 'enable':
      if (stringValue(args[0]) === 'trust proxy' && (method === 'enable' || literalOf(args[1] ?? call) !== false)) scan.trustProxy = true;
      break;
    case 'setGlobalPrefix':
      scan.globalPrefix = stringValue(args[0]);
      break;
    case 'prefix': {
      const prefix = stringValue(args[0]);
      const fact = scan.facts.find((f) => f.kind === 'router' && f.id === target.routerId);
      if (target.kind === 'router' && fact?.kind === 'router') fact.prefix = prefix;
      break;
    }
  }
}

/** `app.route('/x').get(…).post(…)`, `app.getHttpAdapter().get(…)`, `http.createServer(app).listen()`. */
function chainedTarget(scan: Scan, receiver: ts.Expression, method: string): Receiver | undefined {
  const t = scan.t;
  if (!t.isCallExpression(receiver)) return undefined;
  const inner = methodCall(receiver);
  if (inner && (inner.method === 'route' || ROUTE_METHODS.has(inner.method)) && ROUTE_METHODS.has(method)) {
    return scan.receiver(inner.receiver) ?? chainedTarget(scan, inner.receiver, inner.method);
  }
  if (inner?.method === 'getHttpAdapter') {
    const app = scan.receiver(inner.receiver);
    return app ? { ...app, kind: 'app' } : undefined;
  }
  if (method === 'listen') {
    const server = serverOf(scan, receiver);
    if (server) {
      const root = server.app ? chainRoot(server.app) : undefined;
      return { kind: 'server', name: '', appId: root ? scan.appVars.get(root.text)?.id : undefined };
    }
  }
  return undefined;
}

/** The path of `app.get('/x', h)`, of the `.route('/x')` a chain starts from, or of a koa named route. */
function routePath(scan: Scan, receiver: ts.Expression, args: ts.NodeArray<ts.Expression>): { path: string; dynamic?: boolean } | undefined {
  const t = scan.t;
  const first = pathValue(scan, args[0]);
  if (first !== undefined) {
    // `app.get('env')` reads a setting; a route has a handler after the path.
    if (args.length < 2) return undefined;
    const second = pathValue(scan, args[1]);
    return second !== undefined && second.path.startsWith('/') ? second : first;
  }
  if (t.isCallExpression(receiver)) {
    const inner = methodCall(receiver);
    if (inner?.method === 'route') return pathValue(scan, receiver.arguments[0]);
    if (inner && ROUTE_METHODS.has(inner.method)) return routePath(scan, inner.receiver, receiver.arguments);
  }
  return undefined;
}

/** A literal path; a computed one (`${base}/health`, a constant from settings) is dynamic. */
function pathValue(scan: Scan, node: ts.Expression | undefined): { path: string; dynamic?: boolean } | undefined {
  if (!node) return undefined;
  const t = scan.t;
  const e = strip(node);
  // Handlers and option objects are not paths (and reading them as config would walk their bodies).
  if (!t.isStringLiteralLike(e) && !t.isTemplateExpression(e) && !t.isIdentifier(e) && !t.isRegularExpressionLiteral(e) && !t.isArrayLiteralExpression(e)) return undefined;
  const v = configValue(scan.file, scan.sf, e, scan.resolveIdentifier);
  if (typeof v.literal === 'string') return { path: v.literal };
  if (t.isTemplateExpression(e)) return { path: scan.text(e).slice(1, -1), dynamic: true };
  if (t.isRegularExpressionLiteral(e)) return { path: e.text, dynamic: true };
  if (t.isArrayLiteralExpression(e) && e.elements.length) return pathValue(scan, e.elements[0] as ts.Expression);
  return undefined;
}

/** A route on whatever the receiver is: the app, a router, a plugin, or (unowned) a helper's parameter. */
export function addRoute(scan: Scan, target: Receiver, path: string, method: string | undefined, node: ts.Node, dynamic?: boolean): void {
  scan.route(path, method, node, target.routerId ? { router: target.routerId } : target.appId ? { appId: target.appId } : {}, dynamic);
}

function ownerId(target: Receiver): string | undefined {
  return target.routerId ?? target.appId;
}

/** Modules whose middleware serves files or proxies: any path under their prefix may answer. */
const OPAQUE = /^(?:serve-static|koa-static|koa-mount|@fastify\/static|@fastify\/autoload|http-proxy-middleware|express-http-proxy|@fastify\/http-proxy|swagger-ui-express)$/;

function onUse(scan: Scan, call: ts.CallExpression, target: Receiver): void {
  const t = scan.t;
  const args = [...call.arguments];
  const first = args.length > 1 ? pathValue(scan, args[0]) : undefined;
  if (first !== undefined) args.shift();
  const prefix = first === undefined ? '' : first.dynamic ? undefined : first.path;
  const parent = ownerId(target);
  const mount = (router: string | undefined): void => {
    scan.facts.push({ kind: 'mount', parent, router, prefix, loc: scan.loc(call) });
  };
  for (const arg of args) {
    const e = strip(arg);
    if (t.isIdentifier(e)) {
      const router = scan.routerVars.get(e.text);
      const subApp = scan.appVars.get(e.text);
      if (router) mount(router.id);
      else if (subApp && subApp.id !== target.appId) mount(subApp.id);
      else {
        const foreign = foreignRouter(scan, e);
        if (foreign) mount(foreign);
        else if (isOpaque(scan, e)) mount(undefined);
        else if (first !== undefined) addRoute(scan, target, first.path, undefined, call, first.dynamic);
      }
      continue;
    }
    if (t.isCallExpression(e)) {
      const mc = methodCall(e);
      // koa-router: `app.use(router.routes())`
      if (mc && (mc.method === 'routes' || mc.method === 'middleware') && t.isIdentifier(mc.receiver)) {
        const router = scan.routerVars.get(mc.receiver.text);
        if (router) mount(router.id);
        else {
          const foreign = foreignRouter(scan, mc.receiver);
          mount(foreign);
        }
        continue;
      }
      const foreign = foreignRouter(scan, e);
      if (foreign) mount(foreign);
      else if (isOpaque(scan, e)) mount(undefined);
      continue;
    }
    if (t.isPropertyAccessExpression(e)) {
      const foreign = foreignRouter(scan, e);
      if (foreign) mount(foreign);
      else if (isOpaque(scan, e)) mount(undefined);
      continue;
    }
    if ((t.isArrowFunction(e) || t.isFunctionExpression(e)) && first !== undefined) addRoute(scan, target, first.path, undefined, call, first.dynamic);
  }
}

/** `express.static(…)`, `serveStatic(…)`, a proxy, a router from another package: opaque. */
function isOpaque(scan: Scan, e: ts.Expression): boolean {
  const ref = resolveRef(scan.bindings, scan.t.isCallExpression(e) ? e.expression : e);
  if (!ref || ref.module.startsWith('.')) return false;
  if (ref.module === 'express' && ref.member === 'static') return true;
  if (OPAQUE.test(ref.module)) return true;
  // An identifier (not a call) from another package is a router or app built there.
  return !scan.t.isCallExpression(e) && !/^(?:express|koa|fastify|cors|helmet)$/.test(ref.module);
}

/**
 * A router defined in a workspace module and mounted here: `<that file>#<export>`, when that module
 * declares such a router (a middleware from a workspace module is not a mount).
 */
function foreignRouter(scan: Scan, e: ts.Expression): string | undefined {
  const t = scan.t;
  let x = strip(e);
  if (t.isCallExpression(x) && requiredModule(x) === undefined) x = strip(x.expression);
  let spec: string | undefined;
  let name = 'default';
  const direct = requiredModule(x);
  if (direct !== undefined) spec = direct;
  else if (t.isPropertyAccessExpression(x) && requiredModule(strip(x.expression)) !== undefined) {
    spec = requiredModule(strip(x.expression));
    name = x.name.text;
  } else {
    const ref = resolveRef(scan.bindings, x);
    if (!ref) return undefined;
    spec = ref.module;
    if (ref.member) name = ref.member;
  }
  if (!spec?.startsWith('.')) return undefined;
  const path = resolveModule(scan.workspace, scan.file.path, spec);
  if (!path) return undefined;
  const id = `${path}#${name}`;
  return declaresRouter(scan, path, id) ? id : undefined;
}

const resolving = new Set<string>();

function declaresRouter(scan: Scan, path: string, id: string): boolean {
  const file = scan.workspace.file(path);
  if (!file || resolving.has(file.path)) return false;
  resolving.add(scan.file.path);
  try {
    return dispatch().codeFacts(scan.workspace, file)?.facts.some((f) => f.kind === 'router' && f.id === id) ?? false;
  } finally {
    resolving.delete(scan.file.path);
  }
}

/** `app.register(routes, { prefix: '/v1' })`: a plugin holding routes is a router mounted with the prefix. */
function onPluginMount(scan: Scan, call: ts.CallExpression, target: Receiver): void {
  const t = scan.t;
  const [plugin, opts] = call.arguments;
  if (!plugin) return;
  const optsObj = opts && strip(opts);
  const prefixNode = propertyValue(optsObj, 'prefix');
  const prefix = prefixNode ? stringValue(prefixNode) : '';
  const parent = ownerId(target);
  const e = strip(plugin);
  if (t.isArrowFunction(e) || t.isFunctionExpression(e)) {
    const param = e.parameters[0];
    if (!param || !t.isIdentifier(param.name)) return;
    const id = `${scan.file.path}#L${scan.file.lines.positionAt(e.getStart(scan.sf)).line + 1}`;
    scan.router(id, e);
    scan.routerVars.set(param.name.text, { id });
    scan.facts.push({ kind: 'mount', parent, router: id, prefix, loc: scan.loc(call) });
    return;
  }
  const ref = resolveRef(scan.bindings, e);
  if (ref && !ref.module.startsWith('.')) {
    if (ref.module === '@fastify/autoload' || ref.module === '@fastify/static') {
      const p = stringValue(propertyValue(optsObj, 'prefix')) ?? (ref.module === '@fastify/static' ? '/' : '');
      scan.facts.push({ kind: 'mount', parent, prefix: p, loc: scan.loc(call) });
    }
    return;
  }
  const foreign = foreignRouter(scan, e);
  if (foreign) scan.facts.push({ kind: 'mount', parent, router: foreign, prefix, loc: scan.loc(call) });
  else if (t.isIdentifier(e)) scan.pluginMounts.push({ fn: e.text, parent, prefix, loc: scan.loc(call) });
}

/** Fastify's `app.route({ method: ['GET', 'HEAD'], url: '/x', handler })`. */
function fastifyRoute(scan: Scan, call: ts.CallExpression, target: Receiver): void {
  const opts = call.arguments[0] && strip(call.arguments[0]);
  const url = pathValue(scan, propertyValue(opts, 'url') ?? propertyValue(opts, 'path'));
  if (url === undefined) return;
  const method = literalOf(propertyValue(opts, 'method') ?? call);
  const methods = Array.isArray(method) ? method.map(String) : typeof method === 'string' ? [method] : [undefined];
  for (const m of methods) addRoute(scan, target, url.path, m?.toUpperCase(), call, url.dynamic);
}

/** `NestFactory.create(AppModule, { cors: true })`. */
function nestCreateOptions(scan: Scan, call: ts.CallExpression): void {
  const t = scan.t;
  const opts = call.arguments[1] && strip(call.arguments[1]);
  const cors = propertyValue(opts, 'cors');
  if (!cors) return;
  const appId = scan.apps.find((a) => a.constructorLoc.range.start.line === scan.loc(call).range.start.line)?.id;
  const value = strip(cors);
  if (value.kind === t.SyntaxKind.TrueKeyword) {
    scan.facts.push({ kind: 'cors', appId, library: '@nestjs/core', loc: scan.loc(cors), originLoc: scan.loc(cors), origins: 'any', credentials: false });
  } else if (value.kind !== t.SyntaxKind.FalseKeyword) {
    scan.facts.push(corsFromOptions(scan, '@nestjs/core', cors, value, appId));
  }
}

export function trustProxyOption(scan: Scan, opts: ts.Expression | undefined, name: string): void {
  const value = propertyValue(opts && strip(opts), name);
  if (value && literalOf(value) !== false) scan.trustProxy = true;
}

/** The app a middleware call is registered on, when it is written inline in `app.use(…)`. */
function useContextApp(scan: Scan, call: ts.Node): string | undefined {
  const t = scan.t;
  const p = call.parent;
  if (!p || !t.isCallExpression(p)) return undefined;
  const mc = methodCall(p);
  if (!mc || (mc.method !== 'use' && mc.method !== 'register')) return undefined;
  return scan.receiver(mc.receiver)?.appId;
}
