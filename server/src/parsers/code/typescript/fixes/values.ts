/**
 * Fixes that change a configuration value in place: CORS origins, secrets, error details, Sentry's
 * trace sampling rate and cookie flags, each read from the environment instead of a literal.
 */
import type { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../../../core/types';
import type { CookieFact, CorsFact, DebugFact, SecretFact, TraceSamplingFact } from '../../../../model/app';
import type { WorkspaceModel } from '../../../../workspace/model';
import { methodCall, propertyName, strip } from '../syntax';
import { editContext, insertAt, nodeAt, q, replace, type EditContext } from './edit';

function fix(title: string, safety: Fix['safety'], ctx: EditContext, edits: TextEdit[]): Fix[] {
  return edits.length ? [{ title, safety, changes: [{ file: ctx.file.path, edits }] }] : [];
}

/** `process.env.CORS_ORIGINS?.split(',') ?? []`: no cross-origin access until origins are configured. */
export function corsFromConfig(cors: CorsFact, workspace: WorkspaceModel): Fix[] {
  if (cors.library === 'manual header' || cors.library === 'next.config headers()') return [];
  const ctx = editContext(workspace, cors.loc.file);
  if (!ctx) return [];
  const t = ctx.t;
  const title = 'Read allowed origins from CORS_ORIGINS';
  const list = `process.env.CORS_ORIGINS?.split(${q(ctx, ',')}) ?? []`;
  // @koa/cors takes a string or a function of the context, not a list.
  const koa = cors.library === '@koa/cors' || cors.library === 'kcors';
  const value = koa ? `(ctx) => ((${list}).includes(ctx.get(${q(ctx, 'Origin')})) ? ctx.get(${q(ctx, 'Origin')}) : ${q(ctx, '')})` : list;
  const origin = nodeAt(ctx, cors.originLoc);
  const call = nodeAt(ctx, cors.loc);
  if (!origin || !call) return [];
  // `{ cors: true }` in NestFactory.create → an options object.
  const p = origin.parent;
  if (p && t.isPropertyAssignment(p) && propertyName(p.name) === 'cors') return fix(title, 'unsafe', ctx, [replace(ctx, origin, `{ origin: ${value} }`)]);
  // `origin: true` → the value.
  if (origin !== call) return fix(title, 'unsafe', ctx, [replace(ctx, origin, value)]);
  if (!t.isCallExpression(call)) return [];
  const mc = methodCall(call);
  const args = call.arguments;
  // `app.register(cors)`: options are the second argument.
  const optsIndex = mc?.method === 'register' ? 1 : 0;
  const opts = args[optsIndex] && strip(args[optsIndex]);
  if (opts && t.isObjectLiteralExpression(opts)) {
    const inserted = opts.properties.length ? ` origin: ${value},` : ` origin: ${value} `;
    return fix(title, 'unsafe', ctx, [insertAt(ctx, opts.getStart(ctx.sf) + 1, inserted)]);
  }
  if (opts) return [];
  const at = optsIndex === 1 && args[0] ? args[0].getEnd() : call.getEnd() - 1;
  return fix(title, 'unsafe', ctx, [insertAt(ctx, at, `${optsIndex === 1 ? ', ' : ''}{ origin: ${value} }`)]);
}

/** Error details only in development: `NODE_ENV === 'development' ? err.stack : undefined`. */
export function debugFromEnv(debug: DebugFact, workspace: WorkspaceModel): Fix[] {
  const ctx = editContext(workspace, debug.value.loc.file);
  const node = ctx && nodeAt(ctx, debug.value.loc);
  if (!ctx || !node || !/\.stack$/.test(debug.value.text)) return [];
  const t = ctx.t;
  const p = node.parent;
  // Sent as the whole body: keep a body in production.
  const whole = p && t.isCallExpression(p) && p.arguments.includes(node as ts.Expression);
  const fallback = whole ? q(ctx, 'Internal Server Error') : 'undefined';
  const dev = `process.env.NODE_ENV === ${q(ctx, 'development')} ? ${debug.value.text} : ${fallback}`;
  return fix('Send the stack trace only in development', 'unsafe', ctx, [replace(ctx, node, dev)]);
}

function envNameFor(secret: SecretFact): string {
  if (secret.envName) return secret.envName;
  return secret.what.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '') || 'SECRET';
}

/**
 * The literal replaced by `process.env.NAME` (asserted present in TypeScript: a missing secret fails
 * at start). Text only, no parse: a workspace whose only TS/JS finding is a key in some module does
 * not load the compiler for its fix.
 */
export function secretFromEnv(secret: SecretFact, workspace: WorkspaceModel): Fix[] {
  const file = workspace.file(secret.loc.file);
  if (!file || (file.kind !== 'typescript' && file.kind !== 'javascript')) return [];
  let start = file.lines.offsetAt(secret.loc.range.start);
  let end = file.lines.offsetAt(secret.loc.range.end);
  const text = file.text;
  // A credential found inside a string is replaceable only when it is the whole string.
  if (!/^['"`]/.test(text[start]) && /['"`]/.test(text[start - 1] ?? '') && text[end] === text[start - 1]) {
    start--;
    end++;
  }
  const literal = text.slice(start, end);
  const quoted = /^(['"`])[^\n]*\1$/.test(literal) && !(literal.startsWith('`') && literal.includes('${'));
  const array = /^\[\s*(['"`])[^\n\]]*\]$/.test(literal);
  if (!quoted && !array) return [];
  const name = envNameFor(secret);
  const env = `process.env.${name}`;
  const quote = /(?:from\s*|require\(\s*)(['"])/.exec(text)?.[1] ?? "'";
  const value = array ? `${env}?.split(${quote},${quote}) ?? []` : file.kind === 'typescript' ? `${env}!` : env;
  return [{ title: `Read the secret from ${name}`, safety: 'unsafe', changes: [{ file: file.path, edits: [{ range: file.lines.rangeAt(start, end), newText: value }] }] }];
}

export function sampleRateFromEnv(fact: TraceSamplingFact, workspace: WorkspaceModel): Fix[] {
  const ctx = editContext(workspace, fact.value.loc.file);
  const node = ctx && nodeAt(ctx, fact.value.loc);
  if (!ctx || !node) return [];
  return fix('Read the sample rate from SENTRY_TRACES_SAMPLE_RATE (default 0.1)', 'safe', ctx,
    [replace(ctx, node, `Number(process.env.SENTRY_TRACES_SAMPLE_RATE ?? ${q(ctx, '0.1')})`)]);
}

/**
 * Secure unless the process says it is in development (`NODE_ENV=development` keeps local http
 * logins working), HttpOnly always. Unsafe: behind a TLS-terminating proxy express-session only sets
 * a Secure cookie once `trust proxy` is set, and client code that read the cookie no longer can.
 */
export function secureCookie(cookie: CookieFact, workspace: WorkspaceModel): Fix[] {
  const ctx = editContext(workspace, cookie.loc.file);
  const target = ctx && nodeAt(ctx, cookie.loc);
  if (!ctx || !target) return [];
  const t = ctx.t;
  const secureValue = `process.env.NODE_ENV !== ${q(ctx, 'development')}`;
  const wanted: [string, string, CookieFact['secure']][] = [['secure', secureValue, cookie.secure], ['httpOnly', 'true', cookie.httpOnly]];
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [name, value, current] of wanted) {
    if (current && current.origin === 'literal' && current.literal === false) {
      const node = nodeAt(ctx, current.loc);
      if (node) edits.push(replace(ctx, node, value));
    } else if (!current) missing.push(`${name}: ${value}`);
  }
  if (missing.length) {
    if (t.isObjectLiteralExpression(target)) {
      const brace = target.getStart(ctx.sf) + 1;
      edits.push(insertAt(ctx, brace, ` ${missing.join(', ')}${target.properties.length ? ',' : ' '}`));
    } else if (t.isCallExpression(target)) {
      // express-session with no `cookie` option, or `res.cookie(name, value)` with no options.
      const session = cookie.library === 'express-session';
      const opts = session ? target.arguments[0] && strip(target.arguments[0]) : undefined;
      if (session && opts && t.isObjectLiteralExpression(opts)) {
        edits.push(insertAt(ctx, opts.getStart(ctx.sf) + 1, ` cookie: { ${missing.join(', ')} },${opts.properties.length ? '' : ' '}`));
      } else if (!session && target.arguments.length === 2) {
        edits.push(insertAt(ctx, target.arguments[1].getEnd(), `, { ${missing.join(', ')} }`));
      } else return [];
    } else return [];
  }
  return fix('Set Secure and HttpOnly on the cookie', 'unsafe', ctx, edits);
}
