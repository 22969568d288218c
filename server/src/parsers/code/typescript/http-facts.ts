/**
 * Facts read from what handlers do rather than from what is registered: headers they set by hand,
 * 429 responses, cookies, error details sent to clients, signal handlers, and assignments
 * (`ctx.status = 429`, `app.proxy = true`, `app.keys = […]`, `server.headersTimeout = …`).
 */
import type { ts } from 'ts-morph';
import type { ConfigValue, ServeFact } from '../../../model/app';
import type { Scan } from './context';
import { cookieFromOptions, originsOf, secretFact } from './libraries';
import { chainRoot, configValue, dotted, isFunctionLike, literalOf, methodCall, propertyName, stringValue, strip } from './syntax';

const SECURITY_HEADERS = new Set(['strict-transport-security', 'content-security-policy', 'x-frame-options', 'x-content-type-options']);
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'writeHead']);
const STATUS_METHODS = new Set(['status', 'sendStatus', 'code', 'writeHead', 'throw']);
const RESPONSE_METHODS = new Set(['json', 'send', 'end', 'write', 'render', 'jsonp']);
const RESPONSE_ROOT = /^(?:res|response|reply|ctx|context|c|h|resp)$/;
const SESSION_COOKIE = /sess|sid|token|auth|jwt|refresh|remember|login/i;
const ENV_GUARD = /NODE_ENV|process\.env|isDev|isProd|isProduction|isDevelopment|production|development|debug|config\.|settings\./i;

export function onHttpCall(scan: Scan, call: ts.CallExpression): void {
  const t = scan.t;
  const d = dotted(call.expression);
  if (d === 'process.on' || d === 'process.once' || d === 'process.addListener') {
    const signal = stringValue(call.arguments[0]);
    if (signal === 'SIGTERM' || signal === 'SIGINT' || (signal === undefined && /['"]SIG(?:TERM|INT)['"]/.test(scan.sf.text))) {
      scan.capability('graceful-shutdown', `process.on(${signal ?? 'SIGTERM'})`, call);
    }
    return;
  }
  const mc = methodCall(call);
  if (!mc) return;
  const { method } = mc;
  const args = call.arguments;
  if (STATUS_METHODS.has(method) && args[0] && is429(scan, args[0])) scan.capability('rate-limit', 'custom-429', call);
  if (HEADER_METHODS.has(method)) {
    const name = stringValue(args[0]);
    if (name !== undefined && args[1]) onHeader(scan, call, name, args[1]);
    const obj = args.find((a) => t.isObjectLiteralExpression(strip(a)));
    if (obj) {
      for (const p of (strip(obj) as ts.ObjectLiteralExpression).properties) {
        const key = p.name ? propertyName(p.name) : undefined;
        if (key && t.isPropertyAssignment(p)) onHeader(scan, call, key, p.initializer);
      }
    }
  }
  if (method === 'cookie' || method === 'setCookie' || (method === 'set' && /cookies$/.test(dotted(mc.receiver) ?? ''))) onCookie(scan, call, mc.receiver, method);
}

function is429(scan: Scan, e: ts.Expression): boolean {
  const v = literalOf(e);
  if (v === 429) return true;
  const d = dotted(e);
  return d !== undefined && /TOO_MANY_REQUESTS$/.test(d);
}

function onHeader(scan: Scan, call: ts.Node, name: string, value: ts.Expression): void {
  const lower = name.toLowerCase();
  if (SECURITY_HEADERS.has(lower)) scan.capability('security-headers', 'custom headers', call);
  if (lower !== 'access-control-allow-origin') return;
  const scope = enclosingFunction(call) ?? scan.sf;
  const credentials = /access-control-allow-credentials['"]\s*[,:]\s*['"]?true/i.test(scan.text(scope));
  let origins = originsOf(scan, value);
  // `res.setHeader('Access-Control-Allow-Origin', req.headers.origin)` echoes whoever asks.
  if (/\b(?:req|request|ctx)\.(?:headers\.origin|get\(\s*['"]origin|header\(\s*['"]origin)|headers\[\s*['"]origin/i.test(scan.text(value))) origins = 'reflect';
  scan.facts.push({ kind: 'cors', library: 'manual header', loc: scan.loc(call), originLoc: scan.loc(value), origins, credentials });
}

/** Nest's `@Header('Access-Control-Allow-Origin', '*')` on a handler. */
export function onHeaderDecorator(scan: Scan, decorator: ts.Decorator, args: readonly ts.Expression[]): void {
  const name = stringValue(args[0]);
  if (name !== undefined && args[1]) onHeader(scan, decorator, name, args[1]);
}

function onCookie(scan: Scan, call: ts.CallExpression, receiver: ts.Expression, method: string): void {
  const t = scan.t;
  const [nameArg, , optsArg] = call.arguments;
  if (!nameArg || call.arguments.length < 2) return;
  const root = chainRoot(receiver)?.text ?? '';
  if (!RESPONSE_ROOT.test(root) && !/cookies$/.test(dotted(receiver) ?? '')) return;
  const opts = optsArg ? strip(optsArg) : undefined;
  const name = stringValue(nameArg) ?? '';
  const explicitOff = ['httpOnly', 'secure'].some((k) => opts && t.isObjectLiteralExpression(opts) && opts.properties.some((p) => p.name && propertyName(p.name) === k && t.isPropertyAssignment(p) && literalOf(p.initializer) === false));
  if (!explicitOff && !SESSION_COOKIE.test(name)) return;
  // Koa's ctx.cookies.set defaults httpOnly to true; res.cookie and Next's cookies().set do not.
  const library = method === 'setCookie' ? 'reply.setCookie' : method === 'cookie' ? 'res.cookie' : root === 'ctx' ? 'ctx.cookies.set' : 'cookies.set';
  cookieFromOptions(scan, library, call, opts ?? call, { httpOnly: library === 'ctx.cookies.set' });
}

/** `err.stack` sent to a client from an error handler or a catch block. */
export function onStackAccess(scan: Scan, node: ts.PropertyAccessExpression): void {
  const t = scan.t;
  if (node.name.text !== 'stack' || !t.isIdentifier(node.expression)) return;
  const name = node.expression.text;
  let sink: ts.Node | undefined;
  let guarded = false;
  let child: ts.Node = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    if (isFunctionLike(n)) {
      if (!n.parameters.some((p) => t.isIdentifier(p.name) && p.name.text === name)) return;
      break;
    }
    if (t.isCatchClause(n)) {
      if (!(n.variableDeclaration && t.isIdentifier(n.variableDeclaration.name) && n.variableDeclaration.name.text === name)) return;
      break;
    }
    if (!sink && t.isCallExpression(n)) {
      const mc = methodCall(n);
      const root = mc ? chainRoot(mc.receiver)?.text : undefined;
      const d = dotted(n.expression) ?? '';
      if ((mc && RESPONSE_METHODS.has(mc.method) && root && RESPONSE_ROOT.test(root)) || /^(?:NextResponse|Response)\.json$/.test(d)) sink = n;
      else if (mc && /^(?:log|error|warn|info|debug|trace|fatal|captureException)$/.test(mc.method)) return;
    }
    if (!sink && t.isBinaryExpression(n) && n.operatorToken.kind === t.SyntaxKind.EqualsToken && /(?:^|\.)body$/.test(dotted(n.left) ?? '') && child === n.right) sink = n;
    if (t.isConditionalExpression(n) && child !== n.condition && ENV_GUARD.test(scan.text(n.condition))) guarded = true;
    if (t.isIfStatement(n) && child !== n.expression && ENV_GUARD.test(scan.text(n.expression))) guarded = true;
    if (t.isBinaryExpression(n) && n.operatorToken.kind === t.SyntaxKind.AmpersandAmpersandToken && child === n.right && ENV_GUARD.test(scan.text(n.left))) guarded = true;
  }
  if (!sink) return;
  const value: ConfigValue = guarded
    ? { origin: 'external', text: scan.text(node), loc: scan.loc(node) }
    : { origin: 'literal', text: scan.text(node), literal: true, loc: scan.loc(node) };
  scan.facts.push({ kind: 'debug', what: `${scan.text(node)} sent in an error response`, value, production: scan.production });
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/** `ctx.status = 429`, `app.proxy = true`, `app.keys = ['…']`, `server.headersTimeout = 65_000`. */
export function onAssignment(scan: Scan, node: ts.BinaryExpression): void {
  const t = scan.t;
  const op = node.operatorToken.kind;
  if (op === t.SyntaxKind.EqualsEqualsEqualsToken || op === t.SyntaxKind.EqualsEqualsToken) {
    onPathComparison(scan, node);
    return;
  }
  if (op !== t.SyntaxKind.EqualsToken) return;
  const left = dotted(node.left);
  if (!left) return;
  const [head, prop] = [left.slice(0, left.lastIndexOf('.')), left.slice(left.lastIndexOf('.') + 1)];
  if ((prop === 'status' || prop === 'statusCode') && is429(scan, node.right)) scan.capability('rate-limit', 'custom-429', node);
  if (prop === 'proxy' && scan.appVars.get(head)?.framework === 'koa' && literalOf(node.right) !== false) scan.trustProxy = true;
  if (prop === 'keys' && scan.appVars.get(head)?.framework === 'koa') secretFact(scan, 'Koa app.keys', node.right, 'APP_KEYS');
  if (scan.serverVars.has(head) && /^(?:headersTimeout|requestTimeout|keepAliveTimeout|timeout)$/.test(prop)) {
    scan.pendingTimeouts.push({ server: head, prop, value: configValue(scan.file, scan.sf, node.right, scan.resolveIdentifier) });
  }
}

const REQUEST_PATH = /^(?:ctx|context|req|request)\.(?:path|url|pathname|nextUrl\.pathname)$|^(?:url|parsedUrl|pathname)(?:\.pathname)?$/;

/** `if (ctx.path === '/healthz')`, `if (req.url === '/health')`: a route served by hand (Koa, node:http). */
function onPathComparison(scan: Scan, node: ts.BinaryExpression): void {
  const sides = [node.left, node.right];
  for (const [i, side] of sides.entries()) {
    const d = dotted(side);
    const path = stringValue(strip(sides[1 - i]));
    if (d && REQUEST_PATH.test(d) && path?.startsWith('/')) scan.route(path, undefined, node, middlewareOwner(scan, node));
  }
}

/** The app or router a middleware function written inline in `app.use(…)` is registered on. */
function middlewareOwner(scan: Scan, node: ts.Node): { appId?: string; router?: string } {
  const t = scan.t;
  for (let n = node.parent; n; n = n.parent) {
    if (!t.isCallExpression(n)) continue;
    const mc = methodCall(n);
    if (mc?.method !== 'use') continue;
    const target = scan.receiver(mc.receiver);
    if (target?.routerId) return { router: target.routerId };
    if (target?.appId) return { appId: target.appId };
    return {};
  }
  return {};
}

/** Node's server timeouts, in the contract's Go-shaped names. */
export function setTimeoutValue(serve: ServeFact, prop: string, value: ConfigValue): void {
  const key = prop === 'headersTimeout' ? 'readHeader' : prop === 'requestTimeout' ? 'read' : prop === 'keepAliveTimeout' ? 'idle' : 'write';
  serve.timeouts = { ...serve.timeouts, [key]: value };
}

/** `tracesSampleRate: 1.0` in any Sentry options object; `status: 429` in a response init. */
export function onPropertyAssignment(scan: Scan, node: ts.PropertyAssignment): void {
  const name = propertyName(node.name);
  if (name === 'tracesSampleRate') {
    const library = [...scan.bindings.imports.values()].find((b) => b.module.startsWith('@sentry/'))?.module ?? '@sentry';
    scan.facts.push({ kind: 'trace-sampling', library, value: configValue(scan.file, scan.sf, node.initializer, scan.resolveIdentifier) });
  } else if ((name === 'status' || name === 'statusCode') && is429(scan, node.initializer)) {
    scan.capability('rate-limit', 'custom-429', node);
  }
}
