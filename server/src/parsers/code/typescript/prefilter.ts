/**
 * The cheap text test run before any parsing (LanguageSupport.mayMatter). A monorepo has thousands
 * of TS/JS files and only a handful create, configure or extend an HTTP service; those are the only
 * ones worth loading ts-morph for.
 */
import type { SourceFile } from '../../../workspace/model';
import { detectCredential } from '../../../../../rules/dockerfile/_secrets';

/** Module specifiers of imports, requires, dynamic imports and side-effect imports. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

/** Frameworks and the middleware, security and observability libraries the facts come from. */
const RELEVANT_MODULE = new RegExp(
  '^(?:' + [
    'express', 'express-[\\w-]+', 'fastify', 'fastify-[\\w-]+', '@fastify/[\\w-]+', '@nestjs/[\\w-]+', 'next',
    'koa', 'koa-[\\w-]+', '@koa/[\\w-]+', '(?:node:)?https?', '(?:node:)?cluster', 'helmet', 'cors', 'rate-limiter-flexible',
    '@godaddy/terminus', 'lightship', 'http-terminator', 'stoppable', 'close-with-grace', 'cookie-parser',
    'cookie-session', 'jsonwebtoken', 'jose', 'jwt-decode', 'passport-jwt', '@sentry/[\\w-]+', 'prom-client',
    '@opentelemetry/[\\w-]+', '@willsoto/nestjs-prometheus', 'rollbar', '@bugsnag/[\\w-]+', '@honeybadger-io/[\\w-]+',
    'dd-trace', 'newrelic', 'elastic-apm-node', '@upstash/ratelimit', 'pm2',
  ].join('|') + ')$',
);

/**
 * Code that registers on an app handed in by another module (`export function setup(app) {
 * app.use(...) }`, a Fastify plugin, a router module) often imports nothing we know: the receiver
 * names and the registration calls are what give it away.
 */
const REGISTRATION = /\b(?:app|application|server|router|fastify|instance|httpAdapter)\s*\.\s*(?:use|get|post|put|patch|delete|all|route|register|listen|addHook|setErrorHandler|enableCors|enableShutdownHooks)\s*\(/;
const SIGNAL = /\bprocess\s*\.\s*(?:on|once)\s*\(\s*['"]SIG(?:TERM|INT)['"]/;
const SENTRY_RATE = /\btracesSampleRate\b/;
/** Controllers and error handlers written as bare `(req, res)` functions: cookies, stack traces, CORS, 429s. */
const HANDLER_FACTS = /\b(?:res|response|reply|ctx)\s*\.\s*(?:cookie|setCookie|cookies\s*\.\s*set)\s*\(|\b(?:err|error|e|ex)\.stack\b|Access-Control-Allow-Origin|\b(?:status|sendStatus|code)\(\s*429\s*\)/;

/** Files whose path alone makes them part of a Next.js app or a process manager's config. */
const SPECIAL_PATH = /(?:^|\/)(?:next\.config\.(?:js|mjs|cjs|ts)|ecosystem\.config\.(?:js|cjs|mjs)|middleware\.(?:ts|js)|pages\/api\/.+|app\/(?:.+\/)?route\.(?:ts|js|tsx|jsx|mjs))$/;

/** `@sentry/node/preload` → `@sentry/node`, `next/server` → `next`. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function importsRelevantModule(text: string): boolean {
  SPECIFIER.lastIndex = 0;
  for (let m = SPECIFIER.exec(text); m; m = SPECIFIER.exec(text)) {
    if (RELEVANT_MODULE.test(packageName(m[2]))) return true;
  }
  return false;
}

/** True when the file may hold HTTP service facts and is worth parsing. */
export function looksHttpRelated(file: SourceFile): boolean {
  const text = file.text;
  if (SPECIAL_PATH.test(file.path)) return true;
  return importsRelevantModule(text) || REGISTRATION.test(text) || SIGNAL.test(text) || SENTRY_RATE.test(text) || HANDLER_FACTS.test(text);
}

/** Unrelated code can still hold a literal credential (a Stripe key in a worker): found without parsing. */
export function mayHoldCredential(file: SourceFile): boolean {
  return detectCredential(file.text) !== undefined;
}

export function mayMatter(file: SourceFile): boolean {
  if (file.kind !== 'typescript' && file.kind !== 'javascript') return false;
  // Declaration files, bundles and vendored code describe or ship services, they are not one.
  if (/(?:^|\/)(?:node_modules|dist|build|out|\.next|coverage|vendor)\//.test(file.path)) return false;
  return looksHttpRelated(file) || mayHoldCredential(file);
}
