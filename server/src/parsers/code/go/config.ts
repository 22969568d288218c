import type { CapabilityKind, CookieFact, OutboundCallFact, RateLimitFact } from '../../../model/app';
import { detectCredential, isLiteralSecretValue, isSecretName, redactMatch } from '../../../../../rules/dockerfile/_secrets';
import { corsFromCall, corsHandle, updateCors } from './cors';
import { fiberMiddleware, LIB, unversioned } from './imports';
import { onHttpPkgCall, serverHandle, setAppServerField, setServerField } from './serving';
import { serviceHas } from './service';
import type { AppState, Extraction, Handle } from './state';
import { addFact, configValue, isPkg, loc, lookup, memo, pkgOf } from './state';
import type { Callee, Node } from './syntax';
import { calleeOf, enclosingFunction, field, keyedElements, literalType, stringValue, unwrapExpr } from './syntax';

/** Configuration facts: CORS, JWT, secrets, cookies, outbound clients, Sentry, rate limiters, headers. */

const CAPS: { lib: string; prefix?: boolean; names?: RegExp; capability: CapabilityKind; library: string }[] = [
  { lib: LIB.promhttp, names: /^(Handler|HandlerFor|InstrumentMetricHandler)$/, capability: 'metrics', library: 'promhttp' },
  { lib: 'github.com/labstack/echo-contrib/echoprometheus', capability: 'metrics', library: 'echoprometheus' },
  { lib: 'github.com/labstack/echo-contrib/prometheus', capability: 'metrics', library: 'echo-contrib/prometheus' },
  { lib: 'github.com/ansrivas/fiberprometheus', capability: 'metrics', library: 'fiberprometheus' },
  { lib: 'github.com/zsais/go-gin-prometheus', capability: 'metrics', library: 'go-gin-prometheus' },
  { lib: 'github.com/penglongli/gin-metrics/ginmetrics', capability: 'metrics', library: 'gin-metrics' },
  { lib: 'go.opentelemetry.io/otel/exporters/prometheus', capability: 'metrics', library: 'opentelemetry' },
  { lib: 'go.opentelemetry.io/otel/exporters/otlp/otlpmetric', prefix: true, capability: 'metrics', library: 'opentelemetry' },
  { lib: LIB.sentry, names: /^Init$/, capability: 'error-tracking', library: 'sentry-go' },
  { lib: LIB.sentry + '/', prefix: true, names: /^New/, capability: 'error-tracking', library: 'sentry-go' },
  { lib: 'github.com/rollbar/rollbar-go', names: /^(SetToken|New)$/, capability: 'error-tracking', library: 'rollbar' },
  { lib: 'github.com/bugsnag/bugsnag-go', prefix: true, names: /^Configure$/, capability: 'error-tracking', library: 'bugsnag' },
  { lib: 'github.com/honeybadger-io/honeybadger-go', names: /^Configure$/, capability: 'error-tracking', library: 'honeybadger' },
  { lib: 'go.opentelemetry.io/otel/exporters/otlp/otlptrace', prefix: true, names: /^New/, capability: 'error-tracking', library: 'opentelemetry' },
  { lib: LIB.httprate, capability: 'rate-limit', library: 'httprate' },
  { lib: LIB.xrate, names: /^NewLimiter$/, capability: 'rate-limit', library: 'x/time/rate' },
  { lib: LIB.tollbooth, names: /^(NewLimiter|LimitHandler|LimitFuncHandler)$/, capability: 'rate-limit', library: 'tollbooth' },
  { lib: LIB.tollboothGin, capability: 'rate-limit', library: 'tollbooth' },
  { lib: LIB.ulule, prefix: true, names: /^(New|NewMiddleware)$/, capability: 'rate-limit', library: 'ulule/limiter' },
  { lib: LIB.echoMiddleware, names: /^RateLimiter/, capability: 'rate-limit', library: 'echo RateLimiter' },
  { lib: LIB.echoMiddleware, names: /^Secure/, capability: 'security-headers', library: 'echo Secure' },
  { lib: LIB.unrolledSecure, names: /^New$/, capability: 'security-headers', library: 'unrolled/secure' },
  { lib: LIB.ginSecure, names: /^(New|Secure)$/, capability: 'security-headers', library: 'gin-contrib/secure' },
  { lib: 'github.com/gorilla/sessions', names: /^New/, capability: 'session', library: 'gorilla/sessions' },
];

function capabilityOf(path: string, name: string): { capability: CapabilityKind; library: string } | undefined {
  const fm = fiberMiddleware(path);
  if (fm === 'limiter' && name === 'New') return { capability: 'rate-limit', library: 'fiber limiter' };
  if (fm === 'helmet' && name === 'New') return { capability: 'security-headers', library: 'fiber helmet' };
  const u = unversioned(path);
  return CAPS.find((c) => (c.prefix ? u.startsWith(c.lib) : u === c.lib) && (!c.names || c.names.test(name)));
}

const JWT_LIBS = /^github\.com\/(golang-jwt\/jwt|dgrijalva\/jwt-go|form3tech-oss\/jwt-go)/;
const SECURITY_HEADERS = new Set(['strict-transport-security', 'x-content-type-options', 'content-security-policy', 'x-frame-options']);

export function valueHandle(x: Extraction, node: Node, known?: Callee): Handle | undefined {
  const n = unwrapExpr(node);
  if (n.type === 'call_expression') {
    const callee = known ?? calleeOf(n);
    const path = callee?.operand ? pkgOf(x, callee.operand) : undefined;
    const cors = path && callee ? corsFromCall(x, n, path, callee.name) : undefined;
    return cors ? { t: 'cors', fact: cors } : undefined;
  }
  if (n.type !== 'composite_literal') return undefined;
  const lt = literalType(n);
  if (!lt || !lt[0]) return undefined;
  const path = x.imports.get(lt[0]);
  // `gin.H{…}` and most literals are nothing we track: decide on the type before reading fields.
  if (!path || !/^(Server|Client|Cookie|Options|Config|CORSConfig)$/.test(lt[1])) return undefined;
  const keys = keyedElements(n);
  if (isPkg(path, LIB.http) && lt[1] === 'Server') return serverHandle(x, n, keys);
  if (isPkg(path, LIB.http) && lt[1] === 'Client') {
    return memo(x, 'client', n, () => {
      const timeout = keys.get('Timeout');
      const fact: OutboundCallFact = { kind: 'outbound-call', call: '&http.Client{}', loc: loc(x, field(n, 'type') ?? n), hasTimeout: !!timeout && timeout.value.text !== '0' };
      addFact(x, n, fact);
      return { t: 'client' as const, fact };
    });
  }
  const cookie = cookieKeys(path, lt[1]);
  if (cookie && !isRequestCookie(n)) {
    return memo(x, 'cookie', n, () => {
      const fact: CookieFact = { kind: 'cookie', library: cookie.library, loc: loc(x, field(n, 'type') ?? n), production: isProduction(x) };
      const s = keys.get(cookie.secure);
      const h = keys.get(cookie.httpOnly);
      if (s) fact.secure = configValue(x, s.value);
      if (h) fact.httpOnly = configValue(x, h.value);
      addFact(x, n, fact);
      return { t: 'cookie' as const, fact, keys: { secure: cookie.secure, httpOnly: cookie.httpOnly } };
    });
  }
  const cors = corsHandle(x, n, path, lt[1], keys);
  return cors ? { t: 'cors', fact: cors } : undefined;
}

function cookieKeys(path: string, type: string): { library: string; secure: string; httpOnly: string } | undefined {
  if (isPkg(path, LIB.http) && type === 'Cookie') return { library: 'net/http', secure: 'Secure', httpOnly: 'HttpOnly' };
  if (isPkg(path, LIB.fiber) && type === 'Cookie') return { library: 'fiber', secure: 'Secure', httpOnly: 'HTTPOnly' };
  if (isPkg(path, 'github.com/gorilla/sessions') && type === 'Options') return { library: 'gorilla/sessions', secure: 'Secure', httpOnly: 'HttpOnly' };
  return undefined;
}

/** `req.AddCookie(&http.Cookie{…})`: a cookie we send as a client, not one we set on browsers. */
function isRequestCookie(literal: Node): boolean {
  let n: Node | null = literal.parent;
  if (n?.type === 'unary_expression') n = n.parent;
  const call = n?.type === 'argument_list' ? n.parent : null;
  return !!call && calleeOf(call)?.name === 'AddCookie';
}

export function isProduction(x: Extraction): boolean {
  return x.workspace.environmentOf(x.path) === 'production' && !x.path.endsWith('_test.go');
}

export function onLiteral(x: Extraction, lit: Node): void {
  valueHandle(x, lit);
  const lt = literalType(lit);
  if (lt?.[1] !== 'ClientOptions') return;
  const path = lt[0] ? x.imports.get(lt[0]) : undefined;
  if (isPkg(path, LIB.sentry)) {
    const rate = keyedElements(lit).get('TracesSampleRate');
    if (rate) addFact(x, lit, { kind: 'trace-sampling', library: 'sentry-go', value: configValue(x, rate.value) });
  }
}

export function onCallConfig(x: Extraction, call: Node, callee: Callee, args: Node[]): void {
  const path = callee.operand ? pkgOf(x, callee.operand) : undefined;
  const name = callee.name;
  if (path) {
    if (isPkg(path, LIB.http)) {
      onHttpPkgCall(x, name, call);
      if (['Get', 'Post', 'Head', 'PostForm'].includes(name)) {
        addFact(x, call, { kind: 'outbound-call', call: `http.${name}`, loc: loc(x, field(call, 'function')!), hasTimeout: false });
      }
    }
    const cap = capabilityOf(path, name);
    if (cap) addFact(x, call, { kind: 'capability', capability: cap.capability, library: cap.library, loc: loc(x, call) });
    if (cap?.capability === 'rate-limit') limiterConfig(x, call, path, name);
    const cors = corsFromCall(x, call, path, name);
    if (cors) addFact(x, call, { kind: 'capability', capability: 'cors', library: cors.library, loc: loc(x, call) });
    if (fiberMiddleware(path) === 'healthcheck' && name === 'New') {
      for (const p of ['/livez', '/readyz']) addFact(x, call, { kind: 'route', path: p, method: 'GET', loc: loc(x, call) });
      addFact(x, call, { kind: 'capability', capability: 'health', library: 'fiber healthcheck', loc: loc(x, call) });
    }
  }
  if (callee.operand?.type === 'selector_expression' && field(callee.operand, 'field')?.text === 'DefaultClient' && isPkg(pkgOf(x, field(callee.operand, 'operand')), LIB.http)) {
    const fn = enclosingFunction(call);
    const bounded = name === 'Do' && !!fn && /\bcontext\.With(Timeout|Deadline)\(/.test(fn.text);
    addFact(x, call, { kind: 'outbound-call', call: `http.DefaultClient.${name}`, loc: loc(x, field(call, 'function')!), hasTimeout: bounded });
  }
  if (name === 'ParseUnverified' && [...x.imports.values()].some((p) => JWT_LIBS.test(p))) {
    addFact(x, call, { kind: 'jwt-unverified', what: 'ParseUnverified', loc: loc(x, field(field(call, 'function')!, 'field') ?? call) });
  }
  if (/^Shutdown/.test(name) && callee.operand) {
    x.shutdowns.push({ receiver: callee.operand.text, loc: loc(x, call) });
  }
  headerWrite(x, call, name, args);
  keyRead(x, call, name, args);
  if (args.some((a) => a.text.endsWith('StatusTooManyRequests') || a.text === '429')) {
    addFact(x, call, { kind: 'capability', capability: 'rate-limit', library: 'custom-429', loc: loc(x, call) });
  }
  if (name === 'SetCookie' && args.length === 7 && [...x.imports.values()].some((p) => p === LIB.gin)) {
    addFact(x, call, { kind: 'cookie', library: 'gin', loc: loc(x, field(call, 'function')!), secure: configValue(x, args[5]), httpOnly: configValue(x, args[6]), production: isProduction(x) });
  }
}

/** `w.Header().Set(k, v)`, gin `c.Header(k, v)`, fiber `c.Set(k, v)`: CORS and security headers by hand. */
function headerWrite(x: Extraction, call: Node, name: string, args: Node[]): void {
  if (!['Set', 'Add', 'Header', 'Append'].includes(name) || args.length !== 2) return;
  const header = (stringValue(args[0]) ?? x.consts.get(args[0].text))?.toLowerCase();
  if (!header) return;
  if (SECURITY_HEADERS.has(header)) {
    addFact(x, call, { kind: 'capability', capability: 'security-headers', library: 'custom headers', loc: loc(x, call) });
  } else if (header === 'access-control-allow-credentials') {
    if (stringValue(args[1]) === 'true') x.manualCredentials = true;
  } else if (header === 'access-control-allow-origin') {
    const v = args[1];
    const literal = stringValue(v);
    const reflect = literal === undefined && /origin/i.test(v.text) && !/config|cfg|settings|env/i.test(v.text);
    const fact = {
      kind: 'cors' as const, library: 'manual header', loc: loc(x, call), originLoc: loc(x, v),
      origins: literal === '*' ? 'any' as const : literal !== undefined ? 'list' as const : reflect ? 'reflect' as const : 'external' as const,
      credentials: false as boolean | 'unknown',
    };
    x.manualCors.push(fact);
    addFact(x, call, fact);
    addFact(x, call, { kind: 'capability', capability: 'cors', library: 'manual header', loc: loc(x, call) });
  }
}

/** What a request is keyed on, for rate limiters written by hand. */
function keyRead(x: Extraction, call: Node, name: string, args: Node[]): void {
  const fnText = () => enclosingFunction(call)?.text ?? '';
  if (['Get', 'GetHeader', 'Values'].includes(name) && args.length === 1) {
    const h = (stringValue(args[0]) ?? '').toLowerCase();
    if (h === 'x-forwarded-for' || h === 'x-real-ip') x.keyReads.push({ kind: 'xff', loc: loc(x, call), fnText: fnText() });
  } else if (name === 'ClientIP' && args.length === 0 && [...x.imports.values()].includes(LIB.gin)) {
    x.keyReads.push({ kind: 'gin-client-ip', loc: loc(x, call), fnText: fnText() });
  } else if (name === 'RealIP' && args.length === 0 && [...x.imports.values()].includes(LIB.echo)) {
    x.keyReads.push({ kind: 'echo-real-ip', loc: loc(x, call), fnText: fnText() });
  }
}

/** One RateLimitFact per limiter constructed: what it keys on and where it counts. */
function limiterConfig(x: Extraction, call: Node, path: string, name: string): void {
  const u = unversioned(path);
  const text = call.text;
  let key: RateLimitFact['key'] = 'unknown';
  let storage: RateLimitFact['storage'] = 'memory';
  if (u === LIB.httprate) {
    if (!/^(Limit|LimitAll|LimitByIP|LimitByRealIP|NewRateLimiter)$/.test(name)) return;
    key = /RealIP/.test(text) ? 'forwarded-for-raw' : /ByIP|KeyByIP/.test(text) ? 'remote-address' : name === 'LimitAll' ? 'custom' : 'unknown';
    storage = /WithLimitCounter|redis/i.test(text) ? 'shared' : 'memory';
  } else if (u === LIB.xrate) {
    key = 'unknown';
  } else if (u === LIB.tollbooth || u === LIB.tollboothGin) {
    if (name !== 'NewLimiter' && u === LIB.tollbooth) return;
    key = 'remote-address';
  } else if (u.startsWith(LIB.ulule)) {
    if (name !== 'New' || u !== LIB.ulule) return;
    storage = /memory\./.test(text) ? 'memory' : /redis/i.test(text) ? 'shared' : 'unknown';
    key = /WithTrustForwardHeader\(\s*true/.test(text) ? 'forwarded-for-raw' : 'remote-address';
  } else if (u === LIB.echoMiddleware) {
    storage = /MemoryStore/.test(text) ? 'memory' : 'unknown';
    key = /IdentifierExtractor/.test(text) ? 'custom'
      : serviceHas(x.workspace, x.serviceDir, (s) => s.ipExtractor) ? 'forwarded-for-trusted' : 'forwarded-for-raw';
  } else if (fiberMiddleware(path) === 'limiter') {
    storage = /\bStorage\s*:/.test(text) ? 'shared' : 'memory';
    key = /KeyGenerator\s*:/.test(text) ? 'custom' : 'remote-address';
  }
  const library = u === LIB.xrate ? 'x/time/rate' : u.startsWith(LIB.ulule) ? 'ulule/limiter' : u === LIB.echoMiddleware ? 'echo' : fiberMiddleware(path) ? 'fiber' : u.split('/').pop()!;
  const fact: RateLimitFact = { kind: 'rate-limit-config', library, loc: loc(x, call), key, storage, storageLoc: loc(x, call) };
  if (key === 'forwarded-for-raw') fact.keyLoc = loc(x, call);
  addFact(x, call, fact);
  x.limiters.push({ fact, call, fnText: enclosingFunction(call)?.text ?? '' });
}

export function onSelector(x: Extraction, sel: Node): void {
  const operand = field(sel, 'operand');
  const name = field(sel, 'field')?.text ?? '';
  const path = pkgOf(x, operand);
  if (path && JWT_LIBS.test(path) && (name === 'UnsafeAllowNoneSignatureType' || name === 'SigningMethodNone')) {
    addFact(x, sel, { kind: 'jwt-unverified', what: name, loc: loc(x, sel) });
  } else if (name === 'RemoteAddr' && !path) {
    const fn = enclosingFunction(sel);
    x.keyReads.push({ kind: 'remote-addr', loc: loc(x, sel), fnText: fn?.text ?? '' });
  }
}

export function onAssignField(x: Extraction, target: Node, operand: Node | undefined, name: string, value: Node): void {
  if (!operand) return;
  // `e.Server.ReadTimeout = …` on an echo app.
  if (operand.type === 'selector_expression' && field(operand, 'field')?.text === 'Server') {
    const inner = field(operand, 'operand');
    const h = inner?.type === 'identifier' ? lookup(x, inner.text) : undefined;
    if (h?.t === 'router' && h.app) setAppServerField(x, h.app, name, value);
    return;
  }
  const h = operand.type === 'identifier' ? lookup(x, operand.text) : x.fields.get(field(operand, 'field')?.text ?? '');
  if (!h) return;
  if (h.t === 'server') setServerField(x, h, name, value);
  else if (h.t === 'client' && name === 'Timeout' && value.text !== '0') h.fact.hasTimeout = true;
  else if (h.t === 'cookie' && name === h.keys.secure) h.fact.secure = configValue(x, value);
  else if (h.t === 'cookie' && name === h.keys.httpOnly) h.fact.httpOnly = configValue(x, value);
  else if (h.t === 'cors') updateCors(x, h.fact, name, value, target);
  else if (h.t === 'router' && h.app?.framework === 'echo' && name === 'Debug' && value.type !== 'false') {
    x.facts.push({ kind: 'debug', what: `echo \`${operand.text}.Debug = …\``, value: configValue(x, value), production: isProduction(x) && x.packageName === 'main' });
  }
}

/** A middleware registered by name (`r.Use(ratelimit.Middleware())`, `rateLimit(mux)`): judged by its name. */
export function classifyMiddlewareArg(x: Extraction, arg: Node, app: AppState | undefined): void {
  const n = unwrapExpr(arg);
  let name = '';
  let operand: Node | undefined;
  if (n.type === 'call_expression') {
    const c = calleeOf(n);
    name = c?.name ?? '';
    operand = c?.operand;
  } else if (n.type === 'identifier') name = n.text;
  else if (n.type === 'selector_expression') { name = field(n, 'field')?.text ?? ''; operand = field(n, 'operand'); }
  const path = operand ? pkgOf(x, operand) : undefined;
  if (path && (capabilityOf(path, name) || !path.includes('.') || /gin-gonic|labstack|go-chi|gofiber|rs\/cors|gin-contrib/.test(path))) return;
  const full = (operand && operand.type === 'identifier' ? operand.text + '.' : '') + name;
  const capability: CapabilityKind | undefined = /rate.?limit|throttl|limiter/i.test(full) ? 'rate-limit'
    : /secur(e|ity).?header|helmet|^secure(\.|$)|\.secure$/i.test(full) || /securityheaders|secureheaders/i.test(full) ? 'security-headers' : undefined;
  if (capability) addFact(x, n, { kind: 'capability', capability, library: `custom: ${full}`, loc: loc(x, n), appId: app?.app.id });
}

/** Words on a string's line that make it worth looking at its syntactic context for a secret. */
const SECRET_CONTEXT = /secret|passw|pwd|token|key|credential|SignedString|Store\(|hmac/i;

/** A string literal (struct tags and import paths are skipped by the walk). */
export function onString(x: Extraction, node: Node): void {
  const value = stringValue(node);
  if (!value) return;
  const cred = detectCredential(value);
  if (cred) {
    addFact(x, node, { kind: 'secret', what: cred.kind, redacted: redactMatch(value, cred), loc: loc(x, node), envName: envNameFor(undefined, cred.kind) });
    return;
  }
  // Walking up the tree is costly (web-tree-sitter computes `parent` from the root): only near secret words.
  const line = x.lines.positionAt(node.startIndex).line;
  if (!SECRET_CONTEXT.test(x.lines.lineText(line)) && !SECRET_CONTEXT.test(x.lines.lineText(line - 1))) return;
  let e = node;
  if (e.parent?.type === 'type_conversion_expression' || (e.parent?.type === 'argument_list' && e.parent.parent?.type === 'call_expression' && /^\[\]byte$/.test(field(e.parent.parent, 'function')?.text ?? ''))) {
    e = e.parent.type === 'argument_list' ? e.parent.parent! : e.parent;
  }
  const p = e.parent;
  if (!p) return;
  let what: string | undefined;
  let envName: string | undefined;
  if (p.type === 'argument_list' && e !== node) {
    const callee = calleeOf(p.parent!)?.name ?? '';
    if (callee === 'SignedString') [what, envName] = ['JWT signing key', 'JWT_SECRET'];
    else if (/^New(Cookie)?Store$/.test(callee)) [what, envName] = ['session store key', 'SESSION_SECRET'];
    else if (callee === 'New' && /\bhmac\.New/.test(p.parent!.text)) [what, envName] = ['HMAC key', 'HMAC_SECRET'];
  } else if (p.type === 'expression_list' && p.parent?.type === 'return_statement' && e !== node) {
    // `jwt.Parse(tok, func(t *jwt.Token) (interface{}, error) { return []byte("…"), nil })`
    const fn = enclosingFunction(p);
    const call = fn?.parent?.type === 'argument_list' ? fn.parent.parent : undefined;
    if (call && /^Parse/.test(calleeOf(call)?.name ?? '')) [what, envName] = ['JWT signing key', 'JWT_SECRET'];
  } else if (p.type === 'expression_list' || p.type === 'literal_element' || p.type === 'keyed_element') {
    const name = assignedName(e);
    if (name && isSecretName(name) && isLiteralSecretValue(value)) [what, envName] = [name, envNameFor(name)];
  }
  if (what) addFact(x, node, { kind: 'secret', what, redacted: value.length <= 8 ? '****' : redactMatch(value, { kind: what, start: 0, end: value.length }), loc: loc(x, node), envName });
}

/** Name a value is assigned to: `jwtSecret := "…"`, `const apiKey = "…"`, `{Password: "…"}`. */
function assignedName(e: Node): string | undefined {
  let p = e.parent;
  if (p?.type === 'literal_element') p = p.parent;
  if (p?.type === 'keyed_element') {
    const key = field(p, 'key') ?? p.namedChild(0);
    return key && key.startIndex !== e.startIndex ? (key.type === 'literal_element' ? key.namedChild(0)?.text : key.text) : undefined;
  }
  if (p?.type !== 'expression_list') return undefined;
  const holder = p.parent;
  const index = p.namedChildren.findIndex((c) => c?.startIndex === e.startIndex);
  if (holder?.type === 'var_spec' || holder?.type === 'const_spec') return holder.childrenForFieldName('name')[index]?.text;
  if (holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement') {
    const left = field(holder, 'left');
    if (!left || left.startIndex === p.startIndex) return undefined;
    const target = left.namedChild(index);
    return target?.type === 'selector_expression' ? field(target, 'field')?.text : target?.text;
  }
  return undefined;
}

export function envNameFor(name: string | undefined, kind?: string): string {
  if (name) return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  if (kind === 'password in URL') return 'DATABASE_URL';
  return (kind ?? 'SECRET').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** Keys of hand-written limiters, and credentials of hand-written CORS, need the whole file. */
export function finalizeConfig(x: Extraction): void {
  for (const c of x.manualCors) c.credentials = x.manualCredentials;
  const trusted = serviceHas(x.workspace, x.serviceDir, (s) => s.trustedProxies);
  const ipExtractor = serviceHas(x.workspace, x.serviceDir, (s) => s.ipExtractor);
  for (const l of x.limiters) {
    if (l.fact.key !== 'unknown' && l.fact.key !== 'custom' && l.fact.key !== 'remote-address') continue;
    // Reads in the limiter's own function first, then in functions that look like limiter code.
    const reads = x.keyReads.filter((r) => r.fnText === l.fnText || /\.Allow\(|\.Wait\(|limiter|rate\.|Limit/i.test(r.fnText));
    const spoofable = reads.find((r) => r.kind === 'xff' || (r.kind === 'gin-client-ip' && !trusted) || (r.kind === 'echo-real-ip' && !ipExtractor));
    if (spoofable) {
      l.fact.key = 'forwarded-for-raw';
      l.fact.keyLoc = spoofable.loc;
    } else if (l.fact.key === 'unknown' && reads.some((r) => r.kind === 'gin-client-ip' || r.kind === 'echo-real-ip')) {
      l.fact.key = 'forwarded-for-trusted';
    } else if (l.fact.key === 'unknown' && reads.some((r) => r.kind === 'remote-addr')) {
      l.fact.key = 'remote-address';
    }
  }
}
