/**
 * What the middleware, security and observability libraries say: the capability a library gives a
 * service as soon as the file uses it, and the configuration facts read from the options of the
 * calls that matter (cors, sessions, limiters, JWT, cookie secrets).
 */
import type { ts } from 'ts-morph';
import type { CapabilityKind, ConfigValue, CorsFact, RateLimitFact } from '../../../model/app';
import { redact } from '../../../../../rules/dockerfile/_secrets';
import { resolveRef, type ModuleRef } from './bindings';
import type { Scan } from './context';
import { configValue, literalOf, property, propertyValue, strip, stringValue } from './syntax';

const CAPABILITIES: { test: RegExp; caps: CapabilityKind[] }[] = [
  { test: /^(?:helmet|@fastify\/helmet|fastify-helmet|koa-helmet)$/, caps: ['security-headers'] },
  { test: /^(?:express-rate-limit|rate-limiter-flexible|@fastify\/rate-limit|fastify-rate-limit|@nestjs\/throttler|koa-ratelimit|koa2-ratelimit|express-slow-down|@upstash\/ratelimit)$/, caps: ['rate-limit'] },
  { test: /^(?:cors|@fastify\/cors|@koa\/cors|kcors)$/, caps: ['cors'] },
  { test: /^(?:@godaddy\/terminus|lightship)$/, caps: ['health', 'graceful-shutdown'] },
  { test: /^@nestjs\/terminus$/, caps: ['health'] },
  { test: /^(?:http-terminator|stoppable|close-with-grace|fastify-graceful-shutdown)$/, caps: ['graceful-shutdown'] },
  { test: /^(?:prom-client|express-prom-bundle|fastify-metrics|@willsoto\/nestjs-prometheus|koa-prometheus|prometheus-api-metrics|express-prometheus-middleware|@opentelemetry\/sdk-metrics|@opentelemetry\/exporter-prometheus|@opentelemetry\/exporter-metrics-otlp-[\w-]+)$/, caps: ['metrics'] },
  { test: /^(?:@sentry\/(?:node|nestjs|nextjs|bun|aws-serverless|google-cloud-serverless|remix|serverless)|rollbar|@bugsnag\/(?:js|node|plugin-express|plugin-koa)|@honeybadger-io\/js|dd-trace(?:\/init)?|newrelic|elastic-apm-node(?:\/start)?|@airbrake\/node|@opentelemetry\/sdk-node|@opentelemetry\/sdk-trace-node|@opentelemetry\/exporter-trace-otlp-[\w-]+|@opentelemetry\/auto-instrumentations-node(?:\/register)?)$/, caps: ['error-tracking'] },
  { test: /^(?:express-session|cookie-session|@fastify\/session|@fastify\/secure-session|koa-session)$/, caps: ['session'] },
];

export function capabilitiesOf(module: string): CapabilityKind[] {
  for (const c of CAPABILITIES) if (c.test.test(module)) return c.caps;
  return [];
}

/** A value use of an imported name gives the file the library's capabilities. */
export function onImportedIdentifier(scan: Scan, id: ts.Identifier): void {
  const binding = scan.bindings.imports.get(id.text);
  if (!binding || binding.typeOnly || binding.node === id) return;
  const caps = capabilitiesOf(binding.module);
  if (!caps.length || !isValueReference(scan, id)) return;
  for (const cap of caps) scan.capability(cap, binding.module, id);
}

function isValueReference(scan: Scan, id: ts.Identifier): boolean {
  const t = scan.t;
  let n: ts.Node = id;
  while (n.parent && t.isQualifiedName(n.parent)) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if (t.isTypeReferenceNode(p) || t.isTypeQueryNode(p) || t.isImportSpecifier(p) || t.isImportClause(p) || t.isNamespaceImport(p) || t.isBindingElement(p)) return false;
  if (t.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((t.isPropertyAssignment(p) || t.isMethodDeclaration(p) || t.isPropertyDeclaration(p)) && p.name === id) return false;
  if (t.isVariableDeclaration(p) && p.name === id) return false;
  if (t.isExpressionWithTypeArguments(p) && t.isHeritageClause(p.parent) && p.parent.token === t.SyntaxKind.ImplementsKeyword) return false;
  return true;
}

/** `import 'dd-trace/init'`, `require('newrelic')`: agents that start by being loaded. */
export function onSideEffectImport(scan: Scan, module: string, node: ts.Node): void {
  for (const cap of capabilitiesOf(module)) scan.capability(cap, module, node);
}

/** Library calls whose options carry facts. `ref` is what the callee resolves to. */
export function onLibraryCall(scan: Scan, call: ts.CallExpression | ts.NewExpression, ref: ModuleRef, appId?: string): void {
  const args = call.arguments ?? [];
  const opts = args[0] && scan.t.isObjectLiteralExpression(strip(args[0])) ? strip(args[0]) : undefined;
  const m = ref.module;
  const member = ref.member;
  // `require('helmet')()`: used without an imported name.
  for (const cap of capabilitiesOf(m)) scan.capability(cap, m, call);
  if ((m === 'cors' || m === '@koa/cors' || m === 'kcors') && member === '') corsFact(scan, m, call, args[0], appId);
  else if (m === 'express-session' && member === '') sessionFacts(scan, m, call, args[0]);
  else if (m === 'cookie-session' && member === '') sessionFacts(scan, m, call, args[0]);
  else if (m === 'koa-session' && member === '') cookieFromOptions(scan, m, call, args[0], { httpOnly: true, secure: false });
  else if (m === 'cookie-parser' && member === '' && args[0]) secretFact(scan, 'cookie-parser secret', args[0], 'COOKIE_SECRET');
  else if (m === 'express-rate-limit' || m === 'express-slow-down' || (m === 'koa-ratelimit' && member === '')) rateLimitFact(scan, m, call, opts, appId);
  else if (m === 'rate-limiter-flexible' && /^RateLimiter/.test(member)) rateLimiterFlexible(scan, call, member);
  else if (m === '@nestjs/throttler' && /^ThrottlerModule\.forRoot(?:Async)?$/.test(member)) throttlerFact(scan, call, args[0]);
  else if (m === 'jsonwebtoken') jsonwebtoken(scan, call, member);
  else if (m === 'jose' && member === 'decodeJwt') decodeWithoutVerify(scan, call, 'jose decodeJwt');
  else if (m === 'jose' && member === 'UnsecuredJWT.decode') scan.facts.push({ kind: 'jwt-unverified', what: 'UnsecuredJWT.decode', loc: scan.loc(call) });
  else if (m === 'jwt-decode') decodeWithoutVerify(scan, call, 'jwt-decode');
  else if ((m === 'express-jwt' || m === 'koa-jwt') && opts) {
    const secret = propertyValue(opts, 'secret');
    if (secret) secretFact(scan, `${m} secret`, secret, 'JWT_SECRET');
    noneAlgorithm(scan, propertyValue(opts, 'algorithms'));
  } else if (m === 'passport-jwt' && /^(?:Strategy)$/.test(member) && opts) {
    const secret = propertyValue(opts, 'secretOrKey');
    if (secret) secretFact(scan, 'passport-jwt secretOrKey', secret, 'JWT_SECRET');
  } else if (m === '@nestjs/jwt' && /^JwtModule\.register$/.test(member) && opts) {
    const secret = propertyValue(opts, 'secret');
    if (secret) secretFact(scan, 'JwtModule secret', secret, 'JWT_SECRET');
  } else if (m === '@godaddy/terminus' && member === 'createTerminus') {
    const checks = propertyValue(args[1], 'healthChecks');
    if (checks && scan.t.isObjectLiteralExpression(strip(checks))) {
      for (const p of (strip(checks) as ts.ObjectLiteralExpression).properties) {
        const key = p.name && (scan.t.isStringLiteralLike(p.name) || scan.t.isIdentifier(p.name)) ? p.name.text : undefined;
        const server = args[0] ? scan.receiver(args[0]) : undefined;
        if (key && key.startsWith('/')) scan.route(key, 'GET', p, server?.appId ? { appId: server.appId } : appId ? { appId } : {});
      }
    }
  } else if (m === 'cluster' && member === 'fork') clusterFork(scan, call);
}

/** `app.register(plugin, opts)` (Fastify, or Nest on the Fastify adapter): plugins configured by options. */
export function onRegister(scan: Scan, call: ts.CallExpression, appId?: string): void {
  const [plugin, optsArg] = call.arguments;
  if (!plugin) return;
  const ref = resolveRef(scan.bindings, plugin);
  if (!ref) return;
  const opts = optsArg ? strip(optsArg) : undefined;
  for (const cap of capabilitiesOf(ref.module)) scan.capability(cap, ref.module, plugin, appId);
  switch (ref.module) {
    case '@fastify/cors':
    case 'fastify-cors':
      corsFact(scan, ref.module, call, optsArg, appId, true);
      break;
    case '@fastify/rate-limit':
    case 'fastify-rate-limit':
      rateLimitFact(scan, ref.module, call, opts, appId);
      break;
    case '@fastify/session':
      sessionFacts(scan, ref.module, call, optsArg);
      break;
    case '@fastify/secure-session':
    case '@fastify/cookie':
    case '@fastify/jwt': {
      const secret = propertyValue(opts, 'secret') ?? propertyValue(opts, 'key');
      if (secret) secretFact(scan, `${ref.module} secret`, secret, ref.module === '@fastify/jwt' ? 'JWT_SECRET' : 'COOKIE_SECRET');
      if (ref.module === '@fastify/secure-session') cookieFromOptions(scan, ref.module, call, propertyValue(opts, 'cookie') ?? call, { httpOnly: true });
      break;
    }
  }
}

function corsFact(scan: Scan, library: string, call: ts.Node, optsArg: ts.Expression | undefined, appId?: string, fastify = false): void {
  const fact = corsFromOptions(scan, library, call, optsArg, appId);
  // @fastify/cors without options allows `*`; so does `cors()`.
  if (fastify && fact.origins === 'unknown' && !optsArg) fact.origins = 'any';
  scan.facts.push(fact);
}

/** CORS options as written: `origin` decides the allowed origins, `credentials` whether cookies go along. */
export function corsFromOptions(scan: Scan, library: string, call: ts.Node, optsArg: ts.Expression | undefined, appId?: string): CorsFact {
  const t = scan.t;
  const opts = optsArg ? strip(optsArg) : undefined;
  const base = { kind: 'cors' as const, appId, library, loc: scan.loc(call) };
  if (!opts || (t.isObjectLiteralExpression(opts) && !property(opts, 'origin'))) {
    return { ...base, originLoc: scan.loc(call), origins: 'any', credentials: credentialsOf(scan, opts) };
  }
  if (!t.isObjectLiteralExpression(opts)) {
    // `enableCors(corsOptions)`, `cors(config.cors)`: decided elsewhere.
    const v = configValue(scan.file, scan.sf, opts, scan.resolveIdentifier);
    return { ...base, originLoc: scan.loc(opts), origins: v.origin === 'external' ? 'external' : 'unknown', credentials: 'unknown' };
  }
  const origin = propertyValue(opts, 'origin')!;
  return { ...base, originLoc: scan.loc(origin), origins: originsOf(scan, origin), credentials: credentialsOf(scan, opts) };
}

function credentialsOf(_scan: Scan, opts: ts.Expression | undefined): boolean | 'unknown' {
  const value = propertyValue(opts, 'credentials');
  if (!value) return false;
  const v = literalOf(value);
  return typeof v === 'boolean' ? v : 'unknown';
}

export function originsOf(scan: Scan, origin: ts.Expression): CorsFact['origins'] {
  const t = scan.t;
  const e = strip(origin);
  const v = configValue(scan.file, scan.sf, e, scan.resolveIdentifier);
  if (v.origin === 'literal') {
    const lit = v.literal;
    if (lit === true) return 'reflect';
    if (lit === '*' || (Array.isArray(lit) && lit.includes('*'))) return 'any';
    if (lit === false) return 'list';
    return 'list';
  }
  if (v.origin === 'external') return 'external';
  if (t.isRegularExpressionLiteral(e)) return /^\/\.\*\/|^\/\.\+\//.test(e.text) ? 'any' : 'list';
  if (t.isArrayLiteralExpression(e)) return e.elements.some((x) => configValue(scan.file, scan.sf, x as ts.Expression, scan.resolveIdentifier).origin === 'external') ? 'external' : 'list';
  // `origin: (origin, cb) => cb(null, true)`: a callback that allows everything reflects the caller.
  if ((t.isArrowFunction(e) || t.isFunctionExpression(e)) && /\(\s*null\s*,\s*true\s*\)/.test(scan.text(e)) && !/\bif\b|\?|includes|indexOf|test\(|has\(/.test(scan.text(e))) return 'reflect';
  return 'unknown';
}

export function secretFact(scan: Scan, what: string, expr: ts.Expression, envName: string): void {
  const v = configValue(scan.file, scan.sf, expr, scan.resolveIdentifier);
  if (v.origin !== 'literal') return;
  const value = typeof v.literal === 'string' ? v.literal : Array.isArray(v.literal) && typeof v.literal[0] === 'string' ? v.literal[0] : undefined;
  if (!value) return;
  if (scan.facts.some((f) => f.kind === 'secret' && f.loc.range.start.line === v.loc.range.start.line && f.loc.range.start.character === v.loc.range.start.character)) return;
  scan.facts.push({ kind: 'secret', what, redacted: redact(value), loc: v.loc, envName });
}

function sessionFacts(scan: Scan, library: string, call: ts.Node, optsArg: ts.Expression | undefined): void {
  const opts = optsArg ? strip(optsArg) : undefined;
  const secret = propertyValue(opts, 'secret') ?? propertyValue(opts, 'keys');
  if (secret) secretFact(scan, `${library} secret`, secret, 'SESSION_SECRET');
  if (library === 'cookie-session') cookieFromOptions(scan, library, call, opts ?? call, { httpOnly: true, secure: false });
  else if (library === '@fastify/session') cookieFromOptions(scan, library, call, propertyValue(opts, 'cookie') ?? call, { httpOnly: true, secure: true });
  else cookieFromOptions(scan, library, call, propertyValue(opts, 'cookie') ?? call, { httpOnly: true, secure: false });
}

/**
 * A cookie fact from a cookie options object. Flags a library leaves at a safe default are recorded
 * as that default (text "(default)") so that only what is really missing or off reads as such.
 */
export function cookieFromOptions(
  scan: Scan, library: string, call: ts.Node, cookieOpts: ts.Node, defaults: { httpOnly?: boolean; secure?: boolean },
): void {
  const t = scan.t;
  const obj = t.isObjectLiteralExpression(cookieOpts) ? cookieOpts : undefined;
  const read = (name: string, dflt: boolean | undefined): ConfigValue | undefined => {
    const value = obj ? propertyValue(obj, name) : undefined;
    if (value) return configValue(scan.file, scan.sf, value, scan.resolveIdentifier);
    if (dflt === true) return { origin: 'literal', text: '(default)', literal: true, loc: scan.loc(call) };
    return undefined;
  };
  scan.facts.push({
    kind: 'cookie', library, loc: scan.loc(obj ?? call),
    secure: read('secure', defaults.secure), httpOnly: read('httpOnly', defaults.httpOnly), production: scan.production,
  });
}

const FORWARDED = /x-forwarded-for|headers\s*\[\s*['"]x-forwarded-for|get\(\s*['"]x-forwarded-for|\bheader\(\s*['"]x-forwarded-for/i;

/** What a limiter keys on, from a key function's source. */
function keyOf(scan: Scan, fn: ts.Node | undefined): { key: RateLimitFact['key']; keyLoc?: RateLimitFact['keyLoc'] } {
  if (!fn) return { key: scan.trustProxy ? 'forwarded-for-trusted' : 'remote-address' };
  const text = scan.text(fn);
  // The raw header is client-controlled whatever `trust proxy` says: only `req.ip(s)` honour it.
  if (FORWARDED.test(text)) return { key: 'forwarded-for-raw', keyLoc: scan.loc(fn) };
  if (/\breq(?:uest)?\.ips?\b|\bctx\.ips?\b/.test(text)) return { key: scan.trustProxy ? 'forwarded-for-trusted' : 'remote-address', keyLoc: scan.loc(fn) };
  return { key: 'custom', keyLoc: scan.loc(fn) };
}

function rateLimitFact(scan: Scan, library: string, call: ts.Node, opts: ts.Expression | undefined, appId?: string): void {
  const keyFn = propertyValue(opts, 'keyGenerator') ?? propertyValue(opts, 'id');
  const storeNode = property(opts, 'store') ?? property(opts, 'redis') ?? property(opts, 'db');
  let storage: RateLimitFact['storage'] = storeNode ? 'shared' : 'memory';
  const driver = stringValue(propertyValue(opts, 'driver'));
  if (driver) storage = driver === 'memory' ? 'memory' : 'shared';
  else if (library === 'koa-ratelimit' && storeNode && /new\s+Map\b/.test(scan.text(storeNode))) storage = 'memory';
  scan.facts.push({ kind: 'rate-limit-config', appId, library, loc: scan.loc(call), ...keyOf(scan, keyFn), storage, storageLoc: storeNode ? scan.loc(storeNode) : undefined });
}

function rateLimiterFlexible(scan: Scan, node: ts.CallExpression | ts.NewExpression, cls: string): void {
  const storage: RateLimitFact['storage'] = /Memory$/.test(cls) ? 'memory' : /Cluster|Redis|Valkey|Mongo|Postgres|MySQL|Memcache|DynamoDB|Prisma|Sqlite|Etcd|Drizzle/.test(cls) ? 'shared' : 'unknown';
  const consume = scan.sf.text.match(/\.consume\(([^)]*)\)/);
  const key = consume ? (FORWARDED.test(consume[1]) ? 'forwarded-for-raw' : /\b(?:req|ctx)\.ips?\b/.test(consume[1]) ? (scan.trustProxy ? 'forwarded-for-trusted' : 'remote-address') : 'custom') : 'unknown';
  scan.facts.push({ kind: 'rate-limit-config', library: 'rate-limiter-flexible', loc: scan.loc(node), key, storage, storageLoc: scan.loc(node) });
}

function throttlerFact(scan: Scan, call: ts.CallExpression | ts.NewExpression, optsArg: ts.Expression | undefined): void {
  const opts = optsArg ? strip(optsArg) : undefined;
  const storeNode = property(opts, 'storage');
  const tracker = /getTracker[\s\S]*?x-forwarded-for/i.test(scan.sf.text) ? 'forwarded-for-raw' : scan.trustProxy ? 'forwarded-for-trusted' : 'remote-address';
  scan.facts.push({
    kind: 'rate-limit-config', library: '@nestjs/throttler', loc: scan.loc(call), key: tracker,
    storage: storeNode ? 'shared' : scan.t.isArrayLiteralExpression(opts ?? call) || opts ? 'memory' : 'unknown', storageLoc: storeNode ? scan.loc(storeNode) : undefined,
  });
}

function jsonwebtoken(scan: Scan, call: ts.CallExpression | ts.NewExpression, member: string): void {
  const args = call.arguments ?? [];
  if ((member === 'sign' || member === 'verify') && args[1]) secretFact(scan, `jwt.${member} secret`, args[1], 'JWT_SECRET');
  if (member === 'verify') noneAlgorithm(scan, propertyValue(args[2] && strip(args[2]), 'algorithms'));
  if (member === 'sign' && stringValue(propertyValue(args[2] && strip(args[2]), 'algorithm')) === 'none') {
    scan.facts.push({ kind: 'jwt-unverified', what: "algorithm: 'none'", loc: scan.loc(propertyValue(strip(args[2]), 'algorithm')!) });
  }
  if (member === 'decode') decodeWithoutVerify(scan, call, 'jwt.decode');
}

function noneAlgorithm(scan: Scan, algorithms: ts.Expression | undefined): void {
  if (!algorithms) return;
  const v = literalOf(algorithms);
  if (Array.isArray(v) && v.some((a) => typeof a === 'string' && a.toLowerCase() === 'none')) {
    scan.facts.push({ kind: 'jwt-unverified', what: "algorithms: ['none']", loc: scan.loc(algorithms) });
  }
}

/** A decoded-but-unverified token: flagged when the same function never verifies one. */
function decodeWithoutVerify(scan: Scan, call: ts.Node, what: string): void {
  const t = scan.t;
  let scope: ts.Node = call;
  for (let n = call.parent; n; n = n.parent) {
    scope = n;
    if (t.isFunctionLike(n)) break;
  }
  if (/\b(?:verify|jwtVerify|verifyAsync|verifyToken)\s*\(/.test(scan.text(scope))) return;
  scan.facts.push({ kind: 'jwt-unverified', what: `${what} without verify`, loc: scan.loc(call) });
}

function clusterFork(scan: Scan, call: ts.CallExpression | ts.NewExpression): void {
  const t = scan.t;
  let bound: ConfigValue | undefined;
  for (let n: ts.Node | undefined = call.parent; n && !t.isSourceFile(n); n = n.parent) {
    if (t.isForStatement(n) && n.condition && t.isBinaryExpression(n.condition)) {
      bound = configValue(scan.file, scan.sf, n.condition.right, scan.resolveIdentifier);
      // `os.cpus().length`, `availableParallelism()`: as many processes as cores, decided at run time.
      if (bound.origin === 'unknown') bound = { ...bound, origin: 'external' };
      break;
    }
  }
  scan.facts.push({
    kind: 'serve', call: 'cluster.fork', loc: scan.loc(call),
    workers: bound ?? { origin: 'unknown', text: scan.text(call), loc: scan.loc(call) },
  });
}
