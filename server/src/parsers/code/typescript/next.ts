/**
 * Next.js: the app is its next.config.* (anchor of presence findings); `headers()` there is the
 * security-headers layer; API routes come from the file system (pages/api/**, app/**\/route.ts).
 */
import type { ts } from 'ts-morph';
import { addNextApp } from './apps';
import type { Scan } from './context';
import { originsOf } from './libraries';
import { propertyValue, strip, stringValue } from './syntax';

const NEXT_CONFIG = /(?:^|\/)next\.config\.(?:js|mjs|cjs|ts)$/;
const SECURITY_HEADER = /^(?:strict-transport-security|content-security-policy|x-frame-options)$/i;
const HTTP_METHODS = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

export function isNextConfig(path: string): boolean {
  return NEXT_CONFIG.test(path);
}

/** The exported config object of next.config.*: `module.exports = …`, `export default …`, through wrappers. */
function exportedConfig(scan: Scan): ts.Expression | undefined {
  const t = scan.t;
  let exported: ts.Expression | undefined;
  for (const st of scan.sf.statements) {
    if (t.isExportAssignment(st)) exported = st.expression;
    else if (t.isExpressionStatement(st) && t.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === t.SyntaxKind.EqualsToken &&
      /^module\.exports$/.test(st.expression.left.getText(scan.sf))) exported = st.expression.right;
  }
  if (!exported) return undefined;
  // `withSentryConfig(nextConfig, …)`, `withBundleAnalyzer(…)(nextConfig)`: the config is an argument.
  let e: ts.Expression = strip(exported);
  for (let depth = 0; depth < 4 && t.isCallExpression(e); depth++) {
    const arg = e.arguments.find((a) => t.isObjectLiteralExpression(strip(a)) || t.isIdentifier(strip(a)));
    if (!arg) break;
    e = strip(arg);
  }
  if (t.isIdentifier(e)) {
    const init = scan.bindings.constants.get(e.text);
    if (init) return strip(init);
  }
  return e;
}

export function scanNextConfig(scan: Scan): void {
  const t = scan.t;
  const config = exportedConfig(scan) ?? scan.sf;
  const app = addNextApp(scan, config === scan.sf ? scan.sf.statements[0] ?? scan.sf : config);
  // Headers are `{ key, value }` objects anywhere under `headers()`.
  const visit = (node: ts.Node): void => {
    if (t.isObjectLiteralExpression(node)) {
      const key = stringValue(propertyValue(node, 'key'));
      const value = propertyValue(node, 'value');
      if (key && SECURITY_HEADER.test(key)) scan.capability('security-headers', 'next.config headers()', node, app.id);
      if (key && /^access-control-allow-origin$/i.test(key) && value) {
        scan.facts.push({ kind: 'cors', appId: app.id, library: 'next.config headers()', loc: scan.loc(node), originLoc: scan.loc(value), origins: originsOf(scan, value), credentials: credentialsNear(scan, node) });
      }
    }
    t.forEachChild(node, visit);
  };
  visit(scan.sf);
}

function credentialsNear(scan: Scan, node: ts.Node): boolean {
  const list = node.parent;
  return !!list && /['"]Access-Control-Allow-Credentials['"][\s\S]{0,40}value\s*:\s*['"]true['"]/i.test(list.getText(scan.sf));
}

/** The URL path of a Next.js API route file, or undefined when the file is not one. */
export function nextRoutePath(path: string): { path: string; appRouter: boolean } | undefined {
  const pages = /(?:^|\/)pages(\/api\/.+)\.(?:ts|tsx|js|jsx|mjs)$/.exec(path);
  if (pages) return { path: toUrl(pages[1].replace(/\/index$/, '')), appRouter: false };
  const app = /(?:^|\/)app((?:\/[^/]+)*)\/route\.(?:ts|tsx|js|jsx|mjs)$/.exec(path);
  if (app) return { path: toUrl(app[1]) || '/', appRouter: true };
  return undefined;
}

function toUrl(p: string): string {
  return p
    .split('/')
    // Route groups `(marketing)` and parallel slots `@modal` are not part of the URL.
    .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^\[\[?\.{0,3}([^\]]+)\]\]?$/, ':$1'))
    .join('/');
}

export function scanNextRoute(scan: Scan, route: { path: string; appRouter: boolean }): void {
  const t = scan.t;
  if (!route.appRouter) {
    const def = scan.sf.statements.find((s) => t.isExportAssignment(s) || (t.isFunctionDeclaration(s) && s.modifiers?.some((m) => m.kind === t.SyntaxKind.DefaultKeyword)));
    scan.route(route.path, undefined, def ?? scan.sf.statements[0] ?? scan.sf);
    return;
  }
  for (const st of scan.sf.statements) {
    const exported = t.canHaveModifiers(st) && t.getModifiers(st)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    const names = t.isFunctionDeclaration(st) && st.name ? [st.name] : t.isVariableStatement(st) ? st.declarationList.declarations.map((d) => d.name) : [];
    for (const n of names) {
      const name = t.isIdentifier(n) ? n.text : undefined;
      if (name && HTTP_METHODS.test(name)) scan.route(route.path, name, n);
    }
  }
}

