/**
 * Library calls that say something about the service: error tracking and trace sampling
 * (`sentry_sdk.init`, Rollbar, Bugsnag, OpenTelemetry exporters), metrics (prometheus_client,
 * instrumentators), JWT decoding without verification and literal keys, outbound HTTP calls without
 * a timeout, and cookies set without Secure/HttpOnly.
 */
import type { CookieFact, OutboundCallFact, TraceSamplingFact } from '../../../model/app';
import { callParts, field, type CallParts, type PyNode } from './ast';
import { lastName, literal, locOf, q, str, t, value, type Ctx } from './context';
import { capability, closingParen } from './middleware';
import { secretLiteral } from './settings';
import { stringOf } from './values';

const ERROR_TRACKING: Record<string, string> = {
  'sentry_sdk.init': 'sentry_sdk',
  'rollbar.init': 'rollbar',
  'bugsnag.configure': 'bugsnag',
  'honeybadger.honeybadger.configure': 'honeybadger',
  'honeybadger.configure': 'honeybadger',
  'newrelic.agent.initialize': 'newrelic',
  'ddtrace.patch_all': 'ddtrace',
};
const METRICS_CALLS = new Set(['make_asgi_app', 'make_wsgi_app', 'start_http_server', 'generate_latest', 'Instrumentator', 'PrometheusMetrics', 'GunicornPrometheusMetrics', 'handle_metrics', 'MeterProvider', 'OTLPMetricExporter']);
const METRICS_ROOTS = new Set(['prometheus_client', 'prometheus_fastapi_instrumentator', 'prometheus_flask_exporter', 'starlette_exporter', 'starlette_prometheus', 'opentelemetry', 'aioprometheus']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

export function libraryCall(ctx: Ctx, call: PyNode): boolean {
  const callee = field(call, 'function');
  const parts = callParts(ctx.m, call);
  if (!callee || !parts) return false;
  const name = q(ctx, callee) ?? '';
  const last = lastName(name);
  const root = name.split('.')[0];
  const tracker = ERROR_TRACKING[name];
  if (tracker) {
    capability(ctx, 'error-tracking', tracker, callee);
    if (tracker === 'sentry_sdk') sampling(ctx, parts);
    return true;
  }
  if (root === 'opentelemetry' && /SpanExporter$/.test(last)) {
    capability(ctx, 'error-tracking', 'opentelemetry', callee);
    return true;
  }
  if (METRICS_ROOTS.has(root) && (METRICS_CALLS.has(last) || root === 'prometheus_client' || root === 'aioprometheus')) {
    capability(ctx, 'metrics', root, callee);
    return true;
  }
  if ((root === 'jwt' || name.startsWith('jose.jwt')) && (last === 'decode' || last === 'encode')) {
    jwtCall(ctx, call, parts, last);
    return true;
  }
  if (outbound(ctx, call, callee, parts, name, last, root)) return true;
  if (callee.type === 'attribute' && last === 'set_cookie' && !ctx.dev) {
    setCookie(ctx, call, parts);
    return true;
  }
  return false;
}

function sampling(ctx: Ctx, parts: CallParts): void {
  if (ctx.dev) return;
  const rate = parts.keywords.get('traces_sample_rate');
  if (rate) {
    const fact: TraceSamplingFact = { kind: 'trace-sampling', library: 'sentry_sdk', value: value(ctx, rate.value), argLoc: locOf(ctx, rate.node) };
    ctx.facts.push(fact);
    return;
  }
  // `enable_tracing=True` without a rate samples every transaction.
  const enable = parts.keywords.get('enable_tracing');
  if (enable && literal(ctx, enable.value) === true && !parts.keywords.has('traces_sampler')) {
    ctx.facts.push({
      kind: 'trace-sampling', library: 'sentry_sdk',
      value: { origin: 'literal', text: t(ctx, enable.node), literal: 1, loc: locOf(ctx, enable.value) },
      argLoc: locOf(ctx, enable.node),
    });
  }
}

function jwtCall(ctx: Ctx, call: PyNode, parts: CallParts, op: 'decode' | 'encode' | string): void {
  if (ctx.dev) return;
  const algs = parts.keywords.get(op === 'encode' ? 'algorithm' : 'algorithms')?.value;
  if (algs) {
    const v = literal(ctx, algs);
    const list = Array.isArray(v) ? v : [v];
    if (list.some((a) => typeof a === 'string' && a.toLowerCase() === 'none')) {
      ctx.facts.push({ kind: 'jwt-unverified', what: `${op === 'encode' ? 'algorithm' : 'algorithms'}=${t(ctx, algs)}`, loc: locOf(ctx, algs) });
    }
  }
  if (op === 'decode') {
    const verify = parts.keywords.get('verify');
    if (verify && literal(ctx, verify.value) === false) ctx.facts.push({ kind: 'jwt-unverified', what: 'verify=False', loc: locOf(ctx, verify.node) });
    const options = parts.keywords.get('options')?.value;
    if (options?.type === 'dictionary') {
      for (const pair of options.children) {
        if (pair.type !== 'pair') continue;
        const key = stringOf(ctx.m, field(pair, 'key'));
        const val = field(pair, 'value');
        if (key === 'verify_signature' && val && literal(ctx, val) === false) {
          ctx.facts.push({ kind: 'jwt-unverified', what: '"verify_signature": False', loc: locOf(ctx, pair) });
        }
      }
    }
  }
  // A literal signing/verification key.
  const key = parts.positional[1] ?? parts.keywords.get('key')?.value;
  if (key && key.type === 'string') secretLiteral(ctx, key, 'JWT signing key', 'JWT_SECRET');
}

/** `requests.get(url)` and friends without a timeout; `httpx` only with an explicit `timeout=None` (its default is 5 s). */
function outbound(ctx: Ctx, call: PyNode, callee: PyNode, parts: CallParts, name: string, last: string, root: string): boolean {
  let library: 'requests' | 'httpx' | 'urllib' | undefined;
  if (root === 'requests' && HTTP_VERBS.has(last) && (name === `requests.${last}` || name === `requests.api.${last}`)) library = 'requests';
  else if (root === 'httpx' && HTTP_VERBS.has(last) && name === `httpx.${last}`) library = 'httpx';
  else if (name === 'urllib.request.urlopen') library = 'urllib';
  else if (callee.type === 'attribute' && HTTP_VERBS.has(t(ctx, field(callee, 'attribute')!))) {
    const obj = field(callee, 'object')!;
    if (ctx.sessions.has(t(ctx, obj))) library = 'requests';
    // `requests.Session().get(…)`
    if (obj.type === 'call' && /^requests\.(sessions\.)?Session$/.test(q(ctx, field(obj, 'function')) ?? '')) library = 'requests';
  }
  if (!library) return false;
  if (ctx.dev || parts.splat) return true;
  const timeout = parts.keywords.get('timeout');
  const hasTimeout = timeout ? literal(ctx, timeout.value) !== null : library === 'httpx';
  const fact: OutboundCallFact = { kind: 'outbound-call', call: t(ctx, callee), loc: locOf(ctx, callee), hasTimeout };
  if (!hasTimeout) {
    if (timeout) {
      fact.fix = [{ file: ctx.path, edits: [{ range: locOf(ctx, timeout.value).range, newText: '10' }] }];
    } else {
      const argsText = t(ctx, parts.args);
      const inner = argsText.slice(1, -1);
      const close = ctx.file.lines.positionAt(parts.args.end - 1);
      const lastArg = parts.args.children[parts.args.children.length - 1];
      if (/,\s*\n\s*$/.test(inner) && lastArg) {
        // One argument per line with a trailing comma: add a line in the same style.
        const indent = /^\s*/.exec(ctx.file.lines.lineText(ctx.file.lines.positionAt(lastArg.start).line))![0];
        const at = { line: close.line, character: 0 };
        fact.fix = [{ file: ctx.path, edits: [{ range: { start: at, end: at }, newText: `${indent}timeout=10,${ctx.file.lines.eol}` }] }];
      } else {
        const prefix = inner.trim() === '' ? '' : /,\s*$/.test(inner) ? ' ' : ', ';
        fact.fix = [{ file: ctx.path, edits: [{ range: { start: close, end: close }, newText: `${prefix}timeout=10` }] }];
      }
    }
  }
  ctx.facts.push(fact);
  return true;
}

/** Variables bound to client sessions that have no default timeout. */
export function sessionBinding(ctx: Ctx, assignment: PyNode): void {
  const left = field(assignment, 'left');
  const right = field(assignment, 'right');
  if (!left || right?.type !== 'call') return;
  const name = q(ctx, field(right, 'function')) ?? '';
  if (/^requests\.(sessions\.)?Session$/.test(name)) ctx.sessions.add(t(ctx, left));
}

const SESSION_COOKIE = /sess|auth|token|jwt|sid|remember|login|csrf/i;

function setCookie(ctx: Ctx, call: PyNode, parts: CallParts): void {
  const nameNode = parts.positional[0] ?? parts.keywords.get('key')?.value;
  const cookieName = str(ctx, nameNode);
  const secure = parts.keywords.get('secure');
  const httpOnly = parts.keywords.get('httponly');
  const explicitOff = [secure, httpOnly].some((k) => k && literal(ctx, k.value) === false);
  if (!explicitOff && !(cookieName && SESSION_COOKIE.test(cookieName))) return;
  if (parts.splat) return;
  const fact: CookieFact = {
    kind: 'cookie', library: 'set_cookie', loc: locOf(ctx, nameNode ?? field(call, 'function')!), production: true,
    insertAt: closingParen(ctx, parts),
  };
  if (secure) fact.secure = value(ctx, secure.value);
  if (httpOnly) fact.httpOnly = value(ctx, httpOnly.value);
  ctx.facts.push(fact);
}
