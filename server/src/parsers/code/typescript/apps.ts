/**
 * First pass over a file: which expressions create an HTTP app, a router or a server, and which
 * names they are bound to, so that the second pass knows what `app.use(…)` or `server.listen()` is.
 */
import type { ts } from 'ts-morph';
import type { Framework, HttpApp, InsertionPoint } from '../../../model/app';
import { dispatch } from './dispatch';
import { requiredModule, resolveRef } from './bindings';
import { namesImport } from './calls';
import type { Scan } from './context';
import { functionName } from './exports';
import { isFunctionLike, statementOf, strip, stringValue, propertyValue } from './syntax';

/** The framework an expression constructs an app of (`express()`, `new Koa()`, `NestFactory.create(…)`). */
export function appFramework(scan: Scan, node: ts.Node): Framework | undefined {
  const t = scan.t;
  if (t.isCallExpression(node)) {
    const inner = requiredModule(strip(node.expression));
    if (inner === 'fastify' || inner === 'express') return inner;
    const ref = resolveRef(scan.bindings, node.expression);
    if (!ref) return undefined;
    if (ref.module === 'express' && ref.member === '') return 'express';
    if (ref.module === 'fastify' && (ref.member === '' || ref.member === 'fastify' || ref.member === 'Fastify')) return 'fastify';
    if (ref.module === '@nestjs/core' && (ref.member === 'NestFactory.create')) return 'nestjs';
    if (ref.module === 'next' && ref.member === '') return 'nextjs';
    return undefined;
  }
  if (t.isNewExpression(node)) {
    const inner = requiredModule(strip(node.expression));
    if (inner === 'koa') return 'koa';
    const ref = resolveRef(scan.bindings, node.expression);
    if (ref?.module === 'koa' && (ref.member === '' || ref.member === 'Koa')) return 'koa';
  }
  return undefined;
}

/** `express.Router()`, `Router()`, `new Router({ prefix })` from @koa/router: returns the construction prefix. */
function routerPrefix(scan: Scan, node: ts.Node): string | undefined {
  const t = scan.t;
  if (!t.isCallExpression(node) && !t.isNewExpression(node)) return undefined;
  const ref = resolveRef(scan.bindings, node.expression);
  if (!ref) return undefined;
  if (ref.module === 'express' && ref.member === 'Router') return '';
  if ((ref.module === '@koa/router' || ref.module === 'koa-router') && (ref.member === '' || ref.member === 'Router')) {
    return stringValue(propertyValue(node.arguments?.[0], 'prefix')) ?? '';
  }
  return undefined;
}

/** `http.createServer(app)`, `https.createServer(opts, app)`, `new http.Server(app)`: the app argument. */
export function serverOf(scan: Scan, node: ts.Node): { app?: ts.Expression } | undefined {
  const t = scan.t;
  if (!t.isCallExpression(node) && !t.isNewExpression(node)) return undefined;
  const ref = resolveRef(scan.bindings, node.expression);
  if (!ref || !/^(?:http|https|http2)$/.test(ref.module)) return undefined;
  if (!/^(?:createServer|createSecureServer|Server)$/.test(ref.member)) return undefined;
  const args = node.arguments ?? [];
  const app = args.find((a) => t.isIdentifier(strip(a)) || t.isCallExpression(strip(a)));
  return { app };
}

/**
 * A router's id name: its export name, or the exported factory that builds and returns it
 * (`export function usersRouter() { const router = Router(); …; return router; }`), or its variable.
 */
function routerName(scan: Scan, node: ts.Node, variable: string): string {
  const t = scan.t;
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const body = n.body;
    const returns = body && (t.isBlock(body) ? new RegExp(`\\breturn\\s+${variable}\\b`).test(body.getText(scan.sf)) : body.getText(scan.sf) === variable);
    if (returns) return functionName(scan, n) ?? variable;
    break;
  }
  return scan.exports.names.get(variable) ?? variable;
}

/** The name an expression's value is bound to: `const app = …`, `app = …`, `this.app = …`. */
export function boundName(scan: Scan, node: ts.Node): string | undefined {
  const t = scan.t;
  let n: ts.Node = node;
  while (n.parent && (t.isAwaitExpression(n.parent) || t.isParenthesizedExpression(n.parent) || t.isAsExpression(n.parent) || t.isNonNullExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  if (t.isVariableDeclaration(p) && p.initializer === n && t.isIdentifier(p.name)) return p.name.text;
  if (t.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === t.SyntaxKind.EqualsToken) {
    const left = strip(p.left);
    if (t.isIdentifier(left)) return left.text;
    if (t.isPropertyAccessExpression(left) && left.expression.kind === t.SyntaxKind.ThisKeyword) return left.name.text;
  }
  if (t.isPropertyDeclaration(p) && p.initializer === n && t.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

export function insertionAfter(scan: Scan, node: ts.Node): InsertionPoint | undefined {
  const st = statementOf(node);
  if (!st) return undefined;
  const lines = scan.file.lines;
  const start = lines.positionAt(st.getStart(scan.sf));
  const end = lines.positionAt(st.getEnd());
  const indent = /^\s*/.exec(lines.lineText(start.line))![0];
  const next = end.line + 1 < lines.lineCount ? { line: end.line + 1, character: 0 } : { line: end.line, character: lines.lineText(end.line).length };
  return { loc: { file: scan.file.path, range: { start: next, end: next } }, indent };
}

/** After the last top-level import or require statement (the top of the file when there is none). */
export function importPoint(scan: Scan): InsertionPoint {
  const t = scan.t;
  let last: ts.Statement | undefined;
  for (const st of scan.sf.statements) {
    if (t.isImportDeclaration(st) || t.isImportEqualsDeclaration(st)) last = st;
    else if (t.isVariableStatement(st) && st.declarationList.declarations.every((d) => d.initializer && requiredIn(scan, d.initializer))) last = st;
    else if (t.isExpressionStatement(st) && (requiredModule(strip(st.expression)) !== undefined || t.isStringLiteral(st.expression))) last = st;
    else break;
  }
  if (!last) return { loc: { file: scan.file.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, indent: '' };
  return insertionAfter(scan, last) ?? { loc: { file: scan.file.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, indent: '' };
}

function requiredIn(scan: Scan, e: ts.Expression): boolean {
  const t = scan.t;
  let n = strip(e);
  while (t.isPropertyAccessExpression(n) || t.isCallExpression(n)) {
    if (requiredModule(n) !== undefined) return true;
    n = strip(n.expression);
  }
  return false;
}

/** Pass 1: apps, routers and servers with the names they are bound to. */
export function findApps(scan: Scan): void {
  const t = scan.t;
  const visit = (node: ts.Node): void => {
    if ((t.isCallExpression(node) || t.isNewExpression(node)) && namesImport(scan, node.expression)) {
      const framework = appFramework(scan, node);
      if (framework) addApp(scan, node, framework);
      else {
        const prefix = routerPrefix(scan, node);
        const name = prefix !== undefined ? boundName(scan, node) : undefined;
        if (name) {
          const id = `${scan.file.path}#${routerName(scan, node, name)}`;
          scan.routerVars.set(name, { id });
          scan.router(id, node, prefix);
        }
        const server = prefix === undefined ? serverOf(scan, node) : undefined;
        if (server) {
          const appName = server.app && t.isIdentifier(strip(server.app)) ? (strip(server.app) as ts.Identifier).text : undefined;
          const bound = boundName(scan, node);
          if (bound) scan.serverVars.set(bound, appName ? scan.appVars.get(appName)?.id : undefined);
        }
      }
    }
    t.forEachChild(node, visit);
  };
  visit(scan.sf);
}

function addApp(scan: Scan, node: ts.CallExpression | ts.NewExpression, framework: Framework): void {
  const variable = boundName(scan, node);
  const line = scan.file.lines.positionAt(node.getStart(scan.sf)).line;
  const app: HttpApp = {
    id: `${scan.file.path}#${variable ?? `L${line + 1}`}`,
    language: scan.file.kind === 'javascript' ? 'javascript' : 'typescript',
    framework,
    constructorLoc: scan.loc(node),
    variable,
    serviceDir: dispatch().serviceDirOf(scan.workspace, scan.file.path),
    afterConstructor: insertionAfter(scan, node),
    importPoint: importPoint(scan),
  };
  // Every way routes reach an app is modelled (routers, mounts, plugins, controllers), except Next's pages.
  if (framework !== 'nextjs') app.routesResolved = true;
  scan.apps.push(app);
  if (variable) scan.appVars.set(variable, app);
}

/** A Next.js app, anchored on the exported config object of next.config.*. */
export function addNextApp(scan: Scan, node: ts.Node): HttpApp {
  const line = scan.file.lines.positionAt(node.getStart(scan.sf)).line;
  const app: HttpApp = {
    id: `${scan.file.path}#L${line + 1}`,
    language: scan.file.kind === 'javascript' ? 'javascript' : 'typescript',
    framework: 'nextjs',
    constructorLoc: scan.loc(node),
    serviceDir: dispatch().serviceDirOf(scan.workspace, scan.file.path),
  };
  scan.apps.push(app);
  return app;
}
