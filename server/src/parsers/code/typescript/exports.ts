/**
 * Names a module exports its routers and registration functions under, so that a router declared in
 * one file and mounted in another get the same id on both sides: `<file>#<export name>`, with
 * `default` for `export default` / `module.exports =`. The importing side computes the id from its
 * import (`import users from './users'` → `<users file>#default`) without reading the other file.
 */
import type { ts } from 'ts-morph';
import type { Scan } from './context';
import { dotted, isFunctionLike, strip } from './syntax';

/** Local name → export name, and anonymous exported functions → export name. */
export interface Exports {
  names: Map<string, string>;
  anonymous: Map<ts.Node, string>;
}

export function collectExports(scan: Scan): Exports {
  const t = scan.t;
  const names = new Map<string, string>();
  const anonymous = new Map<ts.Node, string>();
  const exported = (st: ts.Node): boolean => t.canHaveModifiers(st) && !!t.getModifiers(st)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword);
  const isDefault = (st: ts.Node): boolean => t.canHaveModifiers(st) && !!t.getModifiers(st)?.some((m) => m.kind === t.SyntaxKind.DefaultKeyword);
  const assign = (value: ts.Expression, name: string): void => {
    const v = strip(value);
    if (t.isIdentifier(v)) names.set(v.text, name);
    else if (isFunctionLike(v)) anonymous.set(v, name);
    else if (t.isCallExpression(v)) {
      // `export default fp(async function plugin(fastify) {…})`: the wrapped function is the export.
      const fn = v.arguments.find((a) => isFunctionLike(strip(a)) || t.isIdentifier(strip(a)));
      if (fn) assign(fn, name);
    }
  };
  for (const st of scan.sf.statements) {
    if (t.isExportAssignment(st)) assign(st.expression, 'default');
    else if ((t.isFunctionDeclaration(st) || t.isClassDeclaration(st)) && exported(st)) {
      if (isDefault(st)) {
        if (st.name) names.set(st.name.text, 'default');
        else anonymous.set(st, 'default');
      } else if (st.name) names.set(st.name.text, st.name.text);
    } else if (t.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) if (t.isIdentifier(d.name)) names.set(d.name.text, d.name.text);
    } else if (t.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && t.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) names.set((el.propertyName ?? el.name).text, el.name.text);
    } else if (t.isExpressionStatement(st) && t.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      const left = dotted(st.expression.left);
      const right = st.expression.right;
      if (left === 'module.exports') {
        const r = strip(right);
        if (t.isObjectLiteralExpression(r)) {
          for (const p of r.properties) {
            if (t.isShorthandPropertyAssignment(p)) names.set(p.name.text, p.name.text);
            else if (t.isPropertyAssignment(p) && t.isIdentifier(p.name)) assign(p.initializer, p.name.text);
          }
        } else assign(right, 'default');
      } else if (left && /^(?:module\.)?exports\.\w+$/.test(left)) assign(right, left.slice(left.lastIndexOf('.') + 1));
    }
  }
  return { names, anonymous };
}

/** The id of a function routes can be registered in (a plugin, a setup helper), if it has a name. */
export function functionName(scan: Scan, fn: ts.Node): string | undefined {
  const t = scan.t;
  const ex = scan.exports;
  const anonymous = ex.anonymous.get(fn);
  if (anonymous) return anonymous;
  let name: string | undefined;
  if ((t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn)) && fn.name) name = fn.name.text;
  else if (fn.parent && t.isVariableDeclaration(fn.parent) && t.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  else if (fn.parent && t.isCallExpression(fn.parent) && fn.parent.parent && t.isVariableDeclaration(fn.parent.parent) && t.isIdentifier(fn.parent.parent.name)) {
    name = fn.parent.parent.name.text;
  }
  if (!name) return undefined;
  return ex.names.get(name) ?? name;
}

/** The function declaring parameter `name` around `node`, if any. */
export function functionOfParam(scan: Scan, node: ts.Node, name: string): ts.Node | undefined {
  const t = scan.t;
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n) && n.parameters.some((p) => t.isIdentifier(p.name) && p.name.text === name)) return n;
  }
  return undefined;
}
