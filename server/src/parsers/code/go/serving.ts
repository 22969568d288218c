import type { CapabilityFact, ServeFact } from '../../../model/app';
import { classifyMiddlewareArg } from './config';
import { handleOf } from './extract';
import { LIB } from './imports';
import { addRoute, bindingName, createApp, isZero, mountArg } from './routers';
import { deploymentOf, serviceHas } from './service';
import type { AppState, Extraction, RouterHandle, ServerHandle } from './state';
import { addFact, configValue, isPkg, loc, memo, pkgOf } from './state';
import type { Node } from './syntax';
import { argsOf, durationSeconds, field, unwrapExpr } from './syntax';

/** How apps are served (net/http serve functions, http.Server literals, echo/fiber servers) and gin's mode. */

export function finalizeServing(x: Extraction): void {
  const signal = serviceHas(x.workspace, x.serviceDir, (s) => s.signal);
  const shutdownOn = (receiver: string | undefined): CapabilityFact | undefined => {
    const hit = x.shutdowns.find((s) => receiver !== undefined && s.receiver === receiver) ?? (x.serves.length === 1 ? x.shutdowns[0] : undefined);
    return hit ? { kind: 'capability', capability: 'graceful-shutdown', library: 'Shutdown', loc: hit.loc } : undefined;
  };
  for (const s of x.serves) {
    if (s.kind === 'echo' || s.kind === 'fiber') s.fact.timeouts = { ...s.app?.timeouts };
    if (s.kind === 'gin' || s.kind === 'listen') continue;
    const receiver = s.kind === 'server' ? s.handle?.variable : s.receiver;
    const cap = shutdownOn(receiver);
    s.fact.gracefulShutdown = !!cap && signal;
    if (cap && signal) x.facts.push({ ...cap, appId: s.fact.appId });
  }
}

/** gin runs in debug mode unless told otherwise: a DebugFact for a gin app of a deployed main package. */
export function ginMode(x: Extraction): void {
  const gins = x.apps.filter((a) => a.framework === 'gin' && !a.mountedInto);
  if (!gins.length || x.packageName !== 'main') return;
  if (serviceHas(x.workspace, x.serviceDir, (s) => s.ginRelease)) return;
  const deploy = deploymentOf(x.workspace, x.serviceDir);
  if (deploy.ginMode && !deploy.ginMode.external && deploy.ginMode.value === 'release') return;
  const external = deploy.ginMode?.external || serviceHas(x.workspace, x.serviceDir, (s) => s.ginModeExternal);
  const production = deploy.production && x.workspace.environmentOf(x.path) === 'production';
  for (const a of gins) {
    const value = { origin: external ? 'external' as const : 'literal' as const, text: a.app.constructorLoc.range ? x.text.slice(x.lines.offsetAt(a.app.constructorLoc.range.start), x.lines.offsetAt(a.app.constructorLoc.range.end)) : 'gin', literal: external ? undefined : true, loc: a.app.constructorLoc };
    x.facts.push({ kind: 'debug', what: '`…` without gin release mode', value, production });
  }
}

/** net/http package functions: the default mux and the serve functions without timeouts. */
export function onHttpPkgCall(x: Extraction, name: string, call: Node): void {
  const args = argsOf(call);
  if (name === 'HandleFunc' || name === 'Handle') {
    x.defaultMux ??= createApp(x, call, 'net/http');
    const h: RouterHandle = { t: 'router', fw: 'net/http', app: x.defaultMux, prefix: '' };
    addRoute(x, h, args[0], undefined, true);
    if (name === 'Handle') mountArg(x, h, args[0], args[1]);
    return;
  }
  if (!['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'].includes(name)) return;
  const handlerArg = name === 'ListenAndServeTLS' ? args[3] : name === 'ServeTLS' ? args[3] : args[1];
  const app = handlerApp(x, handlerArg, call);
  const fact: ServeFact = { kind: 'serve', appId: app?.app.id, call: `http.${name}`, loc: loc(x, call), timeouts: {}, gracefulShutdown: false, replaceable: name === 'ListenAndServe' || name === 'ListenAndServeTLS' };
  addFact(x, call, fact);
  x.serves.push({ handle: undefined, fact, kind: 'listen', app });
}

/** The app behind a handler expression: `r`, `nil` (default mux), `limiter(mux)`, `http.TimeoutHandler(r, …)`. */
export function handlerApp(x: Extraction, expr: Node | undefined, at: Node): AppState | undefined {
  if (!expr) return undefined;
  const stack = [expr];
  for (let guard = 0; guard < 30 && stack.length; guard++) {
    const n = unwrapExpr(stack.shift()!);
    if (n.type === 'nil') return (x.defaultMux ??= createApp(x, at, 'net/http'));
    if (n.type === 'selector_expression' && field(n, 'field')?.text === 'DefaultServeMux' && isPkg(pkgOf(x, field(n, 'operand')), LIB.http)) return (x.defaultMux ??= createApp(x, at, 'net/http'));
    const h = handleOf(x, n);
    if (h?.t === 'router' && h.app) return h.app;
    if (n.type === 'call_expression') {
      classifyMiddlewareArg(x, n, undefined);
      stack.push(...argsOf(n));
      const fn = field(n, 'function');
      if (fn?.type === 'call_expression') stack.push(fn);
    }
  }
  return undefined;
}

/** `&http.Server{…}`: one ServeFact, whatever starts it later. */
export function serverHandle(x: Extraction, literal: Node, keys: Map<string, { value: Node }>): ServerHandle {
  return memo(x, 'server', literal, () => {
    const fact: ServeFact = { kind: 'serve', call: 'http.Server', loc: loc(x, field(literal, 'type') ?? literal), timeouts: {}, gracefulShutdown: false, replaceable: true };
    const handle: ServerHandle = { t: 'server', serve: fact, variable: bindingName(literal) };
    for (const [k, v] of keys) setServerField(x, handle, k, v.value);
    addFact(x, literal, fact);
    x.serves.push({ handle, fact, kind: 'server', app: handle.app });
    return handle;
  });
}

const TIMEOUT_FIELDS: Record<string, 'readHeader' | 'read' | 'write' | 'idle'> = { ReadHeaderTimeout: 'readHeader', ReadTimeout: 'read', WriteTimeout: 'write', IdleTimeout: 'idle' };

/** A field of an http.Server set in its literal or later (`srv.ReadTimeout = …`, `srv.Handler = r`). */
export function setServerField(x: Extraction, h: ServerHandle, name: string, value: Node): void {
  const t = TIMEOUT_FIELDS[name];
  if (t) {
    if (!isZero(value)) h.serve.timeouts = { ...h.serve.timeouts, [t]: configValue(x, value, durationSeconds(value, x.timeAlias)) };
  } else if (name === 'Handler') {
    const app = handlerApp(x, value, value);
    if (app) { h.app = app; h.serve.appId = app.app.id; }
  }
}

/** `e.Server.ReadTimeout = …` on an echo app (echo v4 starts `e.Server`). */
export function setAppServerField(x: Extraction, app: AppState, name: string, value: Node): void {
  const t = TIMEOUT_FIELDS[name];
  if (t && !isZero(value)) app.timeouts[t] = configValue(x, value, durationSeconds(value, x.timeAlias));
}
