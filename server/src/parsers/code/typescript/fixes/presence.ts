/**
 * Fixes that add what a service lacks, in its framework's idiom, next to the app: security headers,
 * a rate limiter, a liveness route, and SIGTERM handling. The code goes right after the statement
 * creating the app (so it runs before routes are declared), the import with the other imports.
 */
import type { Fix, TextEdit } from '../../../../core/types';
import type { HttpApp, ServeFact } from '../../../../model/app';
import type { WorkspaceModel } from '../../../../workspace/model';
import { inAsyncContext, methodCall, strip } from '../syntax';
import { editContext, ensureDefaultImport, freshName, insertAfterStatement, insertBeforeStatement, nodeAt, type EditContext } from './edit';
import { dependencyFix } from './package-json';

interface AppSite {
  ctx: EditContext;
  app: HttpApp;
  variable: string;
  constructor: import('ts-morph').ts.Node;
  /** Nest on the Fastify adapter takes Fastify plugins. */
  fastifyLike: boolean;
  async: boolean;
}

function siteOf(app: HttpApp, workspace: WorkspaceModel): AppSite | undefined {
  if (!app.variable || app.framework === 'nextjs') return undefined;
  const ctx = editContext(workspace, app.constructorLoc.file);
  const constructor = ctx && nodeAt(ctx, app.constructorLoc);
  if (!ctx || !constructor) return undefined;
  const fastifyLike = app.framework === 'fastify' || (app.framework === 'nestjs' && /\bFastifyAdapter\b/.test(ctx.file.text));
  return { ctx, app, variable: app.variable, constructor, fastifyLike, async: inAsyncContext(constructor, ctx.esm && ctx.file.kind !== 'typescript') };
}

function build(site: AppSite, title: string, module: string, localName: string, line: (name: string) => string, deps: string[], workspace: WorkspaceModel): Fix[] {
  const imported = ensureDefaultImport(site.ctx, module, localName);
  const code = insertAfterStatement(site.ctx, site.constructor, [line(imported.name).replace(/'/g, site.ctx.quote) + site.ctx.semi]);
  if (!code) return [];
  const edits: TextEdit[] = imported.edit ? [imported.edit, code] : [code];
  const fixes: Fix[] = [{ title, safety: 'unsafe', changes: [{ file: site.ctx.file.path, edits }] }];
  const dep = dependencyFix(workspace, site.ctx.file.path, deps);
  if (dep) fixes.push(dep);
  return fixes;
}

export function addSecurityHeaders(app: HttpApp, workspace: WorkspaceModel): Fix[] {
  const site = siteOf(app, workspace);
  if (!site) return [];
  const v = site.variable;
  if (site.fastifyLike) {
    const aw = site.async ? 'await ' : '';
    return build(site, 'Register @fastify/helmet', '@fastify/helmet', 'helmet', (h) => `${aw}${v}.register(${h})`, ['@fastify/helmet'], workspace);
  }
  if (app.framework === 'koa') return build(site, 'Use koa-helmet', 'koa-helmet', 'helmet', (h) => `${v}.use(${h}())`, ['koa-helmet', 'helmet'], workspace);
  return build(site, 'Use helmet', 'helmet', 'helmet', (h) => `${v}.use(${h}())`, ['helmet'], workspace);
}

export function addRateLimit(app: HttpApp, workspace: WorkspaceModel): Fix[] {
  const site = siteOf(app, workspace);
  if (!site) return [];
  const v = site.variable;
  if (site.fastifyLike) {
    const aw = site.async ? 'await ' : '';
    return build(site, 'Register @fastify/rate-limit (100 requests a minute per client)', '@fastify/rate-limit', 'rateLimit',
      (r) => `${aw}${v}.register(${r}, { max: 100, timeWindow: '1 minute' })`, ['@fastify/rate-limit'], workspace);
  }
  if (app.framework === 'koa') {
    return build(site, 'Use koa-ratelimit (100 requests a minute per client)', 'koa-ratelimit', 'ratelimit',
      (r) => `${v}.use(${r}({ driver: 'memory', db: new Map(), duration: 60_000, max: 100 }))`, ['koa-ratelimit'], workspace);
  }
  // Nest on Express takes Express middleware: a global limiter without a ThrottlerModule/guard rewrite.
  return build(site, 'Use express-rate-limit (100 requests a minute per client)', 'express-rate-limit', 'rateLimit',
    (r) => `${v}.use(${r}({ windowMs: 60_000, limit: 100, standardHeaders: 'draft-8', legacyHeaders: false }))`, ['express-rate-limit'], workspace);
}

export function addHealthRoute(app: HttpApp, workspace: WorkspaceModel, options?: { path?: string }): Fix[] {
  // The path the deployment already probes, when it is a plain one; /healthz otherwise.
  const path = options?.path && /^\/[\w./-]*$/.test(options.path) ? options.path : '/healthz';
  if (app.framework === 'nextjs') return nextHealthRoute(app, workspace, path);
  const site = siteOf(app, workspace);
  if (!site) return [];
  const v = site.variable;
  const typed = site.ctx.typed;
  let line: string;
  if (app.framework === 'fastify') line = `${v}.get('${path}', async () => ({ status: 'ok' }))`;
  else if (app.framework === 'koa') {
    line = `${v}.use(async (ctx, next) => { if (ctx.path === '${path}') { ctx.body = { status: 'ok' }; return; } await next(); })`;
  } else if (app.framework === 'nestjs') {
    // The adapter's own router: works on Express and Fastify alike, no controller or module edit.
    const params = typed ? '_req: unknown, res: unknown' : '_req, res';
    line = `${v}.getHttpAdapter().get('${path}', (${params}) => ${v}.getHttpAdapter().reply(res, { status: 'ok' }, 200))`;
  } else line = `${v}.get('${path}', (_req, res) => res.json({ status: 'ok' }))`;
  line = line.replace(/'/g, site.ctx.quote) + site.ctx.semi;
  const code = insertAfterStatement(site.ctx, site.constructor, [line]);
  return code ? [{ title: `Add a ${path} liveness route`, safety: 'unsafe', changes: [{ file: site.ctx.file.path, edits: [code] }] }] : [];
}

/** Next.js: a route handler file (app router when the service has an app/ directory, else pages/api). */
function nextHealthRoute(app: HttpApp, workspace: WorkspaceModel, route: string): Fix[] {
  const dir = app.constructorLoc.file.includes('/') ? app.constructorLoc.file.slice(0, app.constructorLoc.file.lastIndexOf('/') + 1) : '';
  const ts = /\.ts$/.test(app.constructorLoc.file) || workspace.exists(`${dir}tsconfig.json`);
  const ext = ts ? 'ts' : 'js';
  const appDir = ['app', 'src/app'].find((d) => workspace.isDirectory(dir + d));
  const pagesDir = ['pages', 'src/pages'].find((d) => workspace.isDirectory(dir + d)) ?? (workspace.isDirectory(`${dir}src`) ? 'src/pages' : 'pages');
  // The pages router serves API routes only under /api.
  const segments = route.replace(/^\/+|\/+$/g, '') || 'healthz';
  const path = appDir
    ? `${dir}${appDir}/${segments}/route.${ext}`
    : `${dir}${pagesDir}/${segments.startsWith('api/') ? segments : `api/${segments}`}.${ext}`;
  if (workspace.exists(path)) return [];
  const text = appDir
    ? `export function GET() {\n  return Response.json({ status: 'ok' });\n}\n`
    : ts
      ? `import type { NextApiRequest, NextApiResponse } from 'next';\n\nexport default function handler(_req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ status: 'ok' });\n}\n`
      : `export default function handler(_req, res) {\n  res.status(200).json({ status: 'ok' });\n}\n`;
  const end = { line: 0, character: 0 };
  return [{ title: `Add a liveness route (${path})`, safety: 'unsafe', changes: [{ file: path, create: true, edits: [{ range: { start: end, end }, newText: text }] }] }];
}

export function addGracefulShutdown(app: HttpApp, serve: ServeFact | undefined, workspace: WorkspaceModel): Fix[] {
  if (app.framework === 'nextjs') return [];
  const file = serve?.loc.file ?? app.constructorLoc.file;
  const ctx = editContext(workspace, file);
  if (!ctx) return [];
  const t = ctx.t;
  const listen = serve && nodeAt(ctx, serve.loc);
  const title = 'Close the server on SIGTERM';
  const done = (edits: (TextEdit | undefined)[]): Fix[] =>
    edits.every(Boolean) ? [{ title, safety: 'unsafe', changes: [{ file, edits: edits as TextEdit[] }] }] : [];
  // The listen call's receiver names the app where it is served (`const app = await build()` in main.ts).
  const served = listen && t.isCallExpression(listen) ? methodCall(listen) : undefined;
  const servedName = served && t.isIdentifier(strip(served.receiver)) ? (strip(served.receiver) as import('ts-morph').ts.Identifier).text : undefined;
  const appName = servedName ?? (app.constructorLoc.file === file ? app.variable : undefined);
  if (app.framework === 'nestjs' && appName) {
    const anchor = listen ?? (app.constructorLoc.file === file ? nodeAt(ctx, app.constructorLoc) : undefined);
    if (!anchor) return [];
    const line = `${appName}.enableShutdownHooks()${ctx.semi}`;
    return done([listen ? insertBeforeStatement(ctx, anchor, [line]) : insertAfterStatement(ctx, anchor, [line])]);
  }
  if (!listen || !t.isCallExpression(listen)) return [];
  const mc = methodCall(listen);
  if (!mc) return [];
  if (app.framework === 'fastify' && appName) {
    return done([insertAfterStatement(ctx, listen, [
      `process.on('SIGTERM', () => {`,
      `  ${appName}.close().then(() => process.exit(0))${ctx.semi}`,
      `})${ctx.semi}`,
    ].map((l) => l.replace(/'/g, ctx.quote)))]);
  }
  // Express, Koa, node:http: the server object `listen` returns is what closes.
  let server: string | undefined;
  const edits: (TextEdit | undefined)[] = [];
  const receiver = strip(mc.receiver);
  if (serve?.call === 'server.listen' && t.isIdentifier(receiver)) server = receiver.text;
  else {
    let n: import('ts-morph').ts.Node = listen;
    while (n.parent && (t.isAwaitExpression(n.parent) || t.isParenthesizedExpression(n.parent))) n = n.parent;
    if (t.isVariableDeclaration(n.parent) && t.isIdentifier(n.parent.name)) server = n.parent.name.text;
    else if (t.isExpressionStatement(n.parent)) {
      server = freshName(ctx, 'server', ['httpServer']);
      edits.push({ range: ctx.file.lines.rangeAt(n.parent.getStart(ctx.sf), n.parent.getStart(ctx.sf)), newText: `const ${server} = ` });
    }
  }
  if (!server) return [];
  edits.push(insertAfterStatement(ctx, listen, [`process.on('SIGTERM', () => ${server}.close(() => process.exit(0)))${ctx.semi}`.replace(/'/g, ctx.quote)]));
  return done(edits);
}
