/**
 * Middleware and extensions registered on an app: Starlette `add_middleware`/`Middleware(...)`,
 * Flask extensions (Flask-CORS, Talisman, Flask-Limiter), slowapi, fastapi-limiter,
 * django-ratelimit; what each provides (CORS, rate limiting, security headers…), how CORS and
 * limiters are configured, and hand-written equivalents (a middleware answering 429, code setting
 * security headers or `Access-Control-Allow-Origin`).
 */
import type { CapabilityKind, CookieFact, CorsFact, Loc, RateLimitFact } from '../../../model/app';
import { callParts, field, type CallParts, type PyNode } from './ast';
import { inDevBranch, isExternal, lastName, literal, locOf, q, resolveConst, str, t, targetId, value, type Ctx } from './context';
import { decodeString, stringOf } from './values';

export function capability(ctx: Ctx, capability: CapabilityKind, library: string, at: PyNode, appId?: string): void {
  if (ctx.dev) return;
  ctx.facts.push({ kind: 'capability', capability, library, loc: locOf(ctx, at), ...(appId ? { appId } : {}) });
}

const APP_CTOR_NAMES = new Set(['FastAPI', 'Starlette', 'Flask']);

/** The app whose constructor's `middleware=[…]` list holds this `Middleware(...)` call. */
function enclosingAppCtor(ctx: Ctx, n: PyNode): string | undefined {
  for (let cur = n.parent; cur; cur = cur.parent) {
    if (cur.type === 'call' && APP_CTOR_NAMES.has(lastName(q(ctx, field(cur, 'function'))))) {
      const left = cur.parent?.type === 'assignment' ? field(cur.parent, 'left') : undefined;
      return left ? ctx.appVars.get(t(ctx, left))?.id : undefined;
    }
  }
  return undefined;
}

/** Calls that register or configure middleware/extensions. Returns true when handled. */
export function middlewareCall(ctx: Ctx, call: PyNode): boolean {
  const callee = field(call, 'function');
  const parts = callParts(ctx.m, call);
  if (!callee || !parts) return false;
  const name = q(ctx, callee) ?? '';
  const last = lastName(name);
  const root = name.split('.')[0];
  if (callee.type === 'attribute' && last === 'add_middleware' && parts.positional[0]) {
    const appId = targetId(ctx, field(callee, 'object'));
    classify(ctx, parts.positional[0], parts, appId);
    return true;
  }
  if (last === 'Middleware' && root === 'starlette' && parts.positional[0]) {
    classify(ctx, parts.positional[0], parts, enclosingAppCtor(ctx, call));
    return true;
  }
  const firstApp = targetId(ctx, parts.positional[0] ?? parts.keywords.get('app')?.value);
  if (root === 'flask_cors' && (last === 'CORS' || last === 'cross_origin')) {
    flaskCors(ctx, call, parts, last === 'CORS' ? firstApp : undefined);
    return true;
  }
  if (root === 'flask_talisman' && last === 'Talisman') {
    capability(ctx, 'security-headers', 'flask-talisman', callee, firstApp);
    return true;
  }
  if (root === 'secure' && (last === 'Secure' || last === 'SecureHeaders')) {
    capability(ctx, 'security-headers', 'secure', callee);
    return true;
  }
  if ((root === 'slowapi' || root === 'flask_limiter') && last === 'Limiter') {
    limiter(ctx, call, parts, root === 'slowapi' ? 'slowapi' : 'flask-limiter', firstApp);
    return true;
  }
  if (root === 'fastapi_limiter' && (last === 'init' || last === 'RateLimiter')) {
    capability(ctx, 'rate-limit', 'fastapi-limiter', callee);
    if (last === 'init' && !ctx.dev) ctx.facts.push({ kind: 'rate-limit-config', library: 'fastapi-limiter', loc: locOf(ctx, callee), key: 'remote-address', storage: 'shared' });
    return true;
  }
  if ((root === 'django_ratelimit' || root === 'ratelimit') && last === 'ratelimit') {
    capability(ctx, 'rate-limit', 'django-ratelimit', callee);
    const key = parts.keywords.get('key')?.value;
    const k = str(ctx, key)?.toLowerCase();
    if (!ctx.dev) {
      ctx.facts.push({
        kind: 'rate-limit-config', library: 'django-ratelimit', loc: locOf(ctx, callee),
        key: k === undefined ? 'unknown' : /x-forwarded-for|x_forwarded_for/.test(k) ? 'forwarded-for-raw' : /^(ip|user_or_ip)$/.test(k) ? 'remote-address' : 'custom',
        ...(key ? { keyLoc: locOf(ctx, key) } : {}),
        storage: 'unknown',
      });
    }
    return true;
  }
  return false;
}

/** What a middleware class provides, from its name (library classes) or the names of local ones. */
function classify(ctx: Ctx, cls: PyNode, parts: CallParts, appId: string | undefined): void {
  const name = lastName(q(ctx, cls) ?? t(ctx, cls));
  switch (name) {
    case 'CORSMiddleware':
      starletteCors(ctx, cls, parts, appId);
      return;
    case 'TrustedHostMiddleware': {
      capability(ctx, 'trusted-host', 'starlette', cls, appId);
      const hosts = parts.keywords.get('allowed_hosts')?.value;
      const list = literal(ctx, hosts);
      if (hosts && Array.isArray(list)) {
        ctx.facts.push({ kind: 'allowed-hosts', loc: locOf(ctx, hosts), wildcard: list.includes('*'), production: !ctx.dev && !inDevBranch(ctx, hosts) });
      }
      return;
    }
    case 'SlowAPIMiddleware':
    case 'SlowAPIASGIMiddleware':
      capability(ctx, 'rate-limit', 'slowapi', cls, appId);
      return;
    case 'SessionMiddleware': {
      capability(ctx, 'session', 'starlette', cls, appId);
      if (ctx.dev) return;
      const https = parts.keywords.get('https_only');
      const fact: CookieFact = { kind: 'cookie', library: 'starlette-session', loc: locOf(ctx, cls), production: true, insertAt: closingParen(ctx, parts) };
      if (https) fact.secure = value(ctx, https.value);
      // Starlette always sets HttpOnly on its session cookie.
      fact.httpOnly = { origin: 'literal', text: 'HttpOnly', literal: true, loc: locOf(ctx, cls) };
      ctx.facts.push(fact);
      return;
    }
    case 'PrometheusMiddleware':
    case 'EndpointsMetricsMiddleware':
      capability(ctx, 'metrics', 'prometheus', cls, appId);
      return;
    case 'SentryAsgiMiddleware':
    case 'SentryWsgiMiddleware':
      capability(ctx, 'error-tracking', 'sentry_sdk', cls, appId);
      return;
  }
  if (/secur\w*header|header\w*secur|helmet|csp/i.test(name)) capability(ctx, 'security-headers', 'custom-middleware', cls, appId);
  else if (/rate_?limit|throttl|limiter/i.test(name)) capability(ctx, 'rate-limit', 'custom-middleware', cls, appId);
}

/** Position just before the call's closing parenthesis (where a fix appends keyword arguments). */
export function closingParen(ctx: Ctx, parts: CallParts): Loc {
  const at = ctx.file.lines.positionAt(parts.args.end - 1);
  return { file: ctx.path, range: { start: at, end: at } };
}

/** Does a CORS origin regex accept any site? */
function regexAcceptsAny(re: string): boolean {
  try {
    const r = new RegExp(re);
    return r.test('https://evil.example') && r.test('http://attacker.test');
  } catch {
    return false;
  }
}

function starletteCors(ctx: Ctx, cls: PyNode, parts: CallParts, appId: string | undefined): void {
  capability(ctx, 'cors', 'starlette', cls, appId);
  if (ctx.dev || inDevBranch(ctx, cls)) return;
  const originsKw = parts.keywords.get('allow_origins')?.value;
  const regexKw = parts.keywords.get('allow_origin_regex')?.value;
  const credKw = parts.keywords.get('allow_credentials')?.value;
  let origins: CorsFact['origins'] = 'list';
  let anchor = originsKw ?? regexKw ?? cls;
  if (originsKw) {
    const list = literal(ctx, originsKw);
    if (Array.isArray(list)) origins = list.includes('*') ? 'any' : 'list';
    else if (typeof list === 'string') origins = list === '*' ? 'any' : 'list';
    else origins = isExternal(ctx, originsKw) ? 'external' : 'unknown';
  }
  if (origins !== 'any' && regexKw) {
    const re = str(ctx, regexKw);
    if (re !== undefined && regexAcceptsAny(re)) {
      origins = 'any';
      anchor = regexKw;
    } else if (re === undefined && origins === 'list') {
      origins = isExternal(ctx, regexKw) ? 'external' : 'unknown';
      anchor = regexKw;
    }
  }
  const cred = literal(ctx, credKw);
  const fact: CorsFact = {
    kind: 'cors', library: 'starlette', loc: locOf(ctx, cls), originLoc: locOf(ctx, anchor), origins,
    credentials: credKw === undefined ? false : typeof cred === 'boolean' ? cred : 'unknown',
  };
  if (appId) fact.appId = appId;
  ctx.facts.push(fact);
}

function flaskCors(ctx: Ctx, call: PyNode, parts: CallParts, appId: string | undefined): void {
  const callee = field(call, 'function')!;
  capability(ctx, 'cors', 'flask-cors', callee, appId);
  if (ctx.dev || inDevBranch(ctx, callee)) return;
  const originsKw = parts.keywords.get('origins')?.value;
  const resources = parts.keywords.get('resources')?.value;
  const credKw = parts.keywords.get('supports_credentials')?.value;
  let origins: CorsFact['origins'] = 'any';
  let anchor: PyNode = originsKw ?? resources ?? callee;
  const judge = (n: PyNode): CorsFact['origins'] => {
    const v = literal(ctx, n);
    if (v === '*' || (Array.isArray(v) && v.includes('*'))) return 'any';
    if (typeof v === 'string' || Array.isArray(v)) return 'list';
    return isExternal(ctx, n) ? 'external' : 'unknown';
  };
  if (originsKw) {
    origins = judge(originsKw);
  } else if (resources) {
    const res = resolveConst(ctx, resources);
    if (res.type === 'dictionary') {
      // Each resource's options may set origins; one without them allows every origin (Flask-CORS' default).
      origins = 'list';
      for (const pair of res.children) {
        const opts = pair.type === 'pair' ? field(pair, 'value') : undefined;
        const o = opts?.type === 'dictionary' ? opts.children.find((p) => p.type === 'pair' && stringOf(ctx.m, field(p, 'key')) === 'origins') : undefined;
        const v = o ? field(o, 'value') : undefined;
        const r = v ? judge(v) : 'any';
        if (r === 'any') {
          origins = 'any';
          anchor = v ?? pair;
          break;
        }
        if (r !== 'list') origins = r;
      }
    } else {
      origins = isExternal(ctx, resources) ? 'external' : 'unknown';
    }
  } else if (/CORS_(ORIGINS|RESOURCES)/.test(ctx.m.src)) {
    // Configured through app.config: read as configuration.
    origins = 'external';
  }
  const cred = literal(ctx, credKw);
  const fact: CorsFact = {
    kind: 'cors', library: 'flask-cors', loc: locOf(ctx, callee), originLoc: locOf(ctx, anchor), origins,
    credentials: credKw === undefined ? false : typeof cred === 'boolean' ? cred : 'unknown',
  };
  if (appId) fact.appId = appId;
  ctx.facts.push(fact);
}

function limiter(ctx: Ctx, call: PyNode, parts: CallParts, library: 'slowapi' | 'flask-limiter', appId: string | undefined): void {
  const callee = field(call, 'function')!;
  capability(ctx, 'rate-limit', library, callee, appId);
  if (ctx.dev) return;
  const keyNode = parts.keywords.get('key_func')?.value ?? (library === 'flask-limiter' && parts.positional[0] && !targetId(ctx, parts.positional[0]) ? parts.positional[0] : undefined);
  const storageNode = parts.keywords.get('storage_uri')?.value;
  let storage: RateLimitFact['storage'] = 'memory';
  if (storageNode) {
    const s = str(ctx, storageNode);
    storage = s === undefined ? 'unknown' : /^memory:/i.test(s) ? 'memory' : 'shared';
  } else if (/RATELIMIT_STORAGE_UR[IL]/.test(ctx.m.src) || parts.splat) {
    storage = 'unknown';
  }
  const fact: RateLimitFact = {
    kind: 'rate-limit-config', library, loc: locOf(ctx, callee),
    key: keyNode ? keyKind(ctx, keyNode) : 'unknown',
    storage,
    storageLoc: locOf(ctx, storageNode ?? callee),
  };
  if (keyNode) fact.keyLoc = locOf(ctx, keyNode);
  if (appId) fact.appId = appId;
  ctx.facts.push(fact);
}

/** What a limiter key function keys on, from its name or, for a local function or lambda, its body. */
export function keyKind(ctx: Ctx, n: PyNode): RateLimitFact['key'] {
  const name = q(ctx, n) ?? '';
  const last = lastName(name);
  if (last === 'get_remote_address') return 'remote-address';
  if (last === 'get_ipaddr' && name.startsWith('slowapi')) return 'forwarded-for-raw';
  const body = n.type === 'lambda' ? n : n.type === 'identifier' ? ctx.funcs.get(t(ctx, n)) : undefined;
  if (!body) return 'unknown';
  return keyFromBody(t(ctx, body));
}

export function keyFromBody(src: string): RateLimitFact['key'] {
  const lower = src.toLowerCase();
  if (/x[-_]forwarded[-_]for|access_route/.test(lower)) {
    // The last hop is the one the nearest proxy appended; the first is whatever the client sent.
    if (/split\(\s*['"],\s*['"]\s*\)\s*\[\s*-\s*1\s*\]|access_route\s*\[\s*-\s*1\s*\]|rsplit\(/.test(lower)) return 'forwarded-for-trusted';
    return 'forwarded-for-raw';
  }
  if (/remote_addr|client\.host|get_remote_address/.test(lower)) return 'remote-address';
  return 'custom';
}

const SECURITY_HEADERS = new Set(['strict-transport-security', 'x-content-type-options', 'content-security-policy', 'x-frame-options']);

/** Header-name strings: code that sets security headers, or `Access-Control-Allow-Origin` by hand. */
export function headerString(ctx: Ctx, s: PyNode): void {
  const raw = t(ctx, s);
  const decoded = decodeString(raw.replace(/^[bB]/, '')) ?? '';
  const lower = decoded.toLowerCase();
  if (SECURITY_HEADERS.has(lower)) {
    capability(ctx, 'security-headers', 'custom-headers', s);
    return;
  }
  if (lower !== 'access-control-allow-origin' || ctx.dev) return;
  const v = pairedValue(s);
  if (!v) return;
  const vs = stringOf(ctx.m, v) ?? decodeString(t(ctx, v).replace(/^[bB]/, ''));
  const origins: CorsFact['origins'] = vs === '*' ? 'any' : vs !== undefined ? 'list' : /origin/i.test(t(ctx, v)) ? 'reflect' : isExternal(ctx, v) ? 'external' : 'unknown';
  const credentials = /access-control-allow-credentials['"]?\s*[,:\]=)]\s*b?['"]true/i.test(ctx.m.src) ? true : 'unknown';
  ctx.facts.push({ kind: 'cors', library: 'custom', loc: locOf(ctx, s), originLoc: locOf(ctx, v), origins, credentials });
}

/** The value paired with a header name: `h["X"] = v`, `{"X": v}`, `h.setdefault("X", v)`, `("X", v)`. */
function pairedValue(s: PyNode): PyNode | undefined {
  const p = s.parent;
  if (!p) return undefined;
  if (p.type === 'subscript' && p.parent?.type === 'assignment' && field(p.parent, 'left') === p) return field(p.parent, 'right');
  if (p.type === 'pair' && field(p, 'key') === s) return field(p, 'value');
  if (p.type === 'argument_list' || p.type === 'tuple') {
    const i = p.children.indexOf(s);
    return p.children[i + 1];
  }
  return undefined;
}

/** A hand-written limiter: code answering 429 (`status_code=429`, `abort(429)`, `HTTP_429_TOO_MANY_REQUESTS`, `raise TooManyRequests`). */
export function tooManyRequests(ctx: Ctx, n: PyNode): void {
  for (let cur = n.parent; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    // A client checking a response status is not a limiter.
    if (cur.type === 'comparison_operator' || cur.type === 'if_statement') return;
  }
  if (n.type === 'integer') {
    const p = n.parent;
    const ok = (p?.type === 'keyword_argument' && /^(status_code|status|code)$/.test(t(ctx, field(p, 'name')!))) ||
      p?.type === 'argument_list' || (p?.type === 'expression_list' && p.parent?.type === 'return_statement');
    if (!ok) return;
  }
  capability(ctx, 'rate-limit', 'custom-429', n);
}
