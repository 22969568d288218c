/**
 * Small helpers over the raw TypeScript syntax tree (ts-morph's compiler nodes: walking them directly
 * is several times faster than through ts-morph's wrappers, which matters on 2,000-line files).
 */
import type { ts } from 'ts-morph';
import type { ConfigValue, Loc } from '../../../model/app';
import type { SourceFile } from '../../../workspace/model';
import { tsMorph } from './load';

export type Ts = typeof ts;

export function T(): Ts {
  return tsMorph().ts;
}

export function locOf(file: SourceFile, sf: ts.SourceFile, node: ts.Node): Loc {
  return { file: file.path, range: file.lines.rangeAt(node.getStart(sf), node.getEnd()) };
}

/** Removes what does not change the value: parentheses, `await`, `!`, `as T`, `satisfies T`, `<T>x`. */
export function strip(node: ts.Expression): ts.Expression {
  const t = T();
  for (;;) {
    if (t.isParenthesizedExpression(node) || t.isAwaitExpression(node) || t.isNonNullExpression(node) ||
      t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) {
      node = node.expression;
    } else return node;
  }
}

/** `a.b.c` for property chains over identifiers/`this`; undefined for anything computed. */
export function dotted(node: ts.Expression): string | undefined {
  const t = T();
  node = strip(node);
  if (t.isIdentifier(node)) return node.text;
  if (node.kind === t.SyntaxKind.ThisKeyword) return 'this';
  if (t.isPropertyAccessExpression(node)) {
    const left = dotted(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  if (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression)) {
    const left = dotted(node.expression);
    return left === undefined ? undefined : `${left}.${node.argumentExpression.text}`;
  }
  return undefined;
}

/** The string of a literal or a template without substitutions. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  const t = T();
  if (!node) return undefined;
  if (t.isStringLiteralLike(node)) return node.text;
  return undefined;
}

/** The left-most identifier of a call/property chain: `res` for `res.status(500).json(…)`. */
export function chainRoot(node: ts.Expression): ts.Identifier | undefined {
  const t = T();
  node = strip(node);
  for (;;) {
    if (t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) node = strip(node.expression);
    else if (t.isCallExpression(node)) node = strip(node.expression);
    else break;
  }
  return t.isIdentifier(node) ? node : undefined;
}

/** The method name of `x.m(…)`, and its receiver. */
export function methodCall(call: ts.CallExpression): { receiver: ts.Expression; method: string } | undefined {
  const t = T();
  const callee = strip(call.expression);
  if (t.isPropertyAccessExpression(callee)) return { receiver: strip(callee.expression), method: callee.name.text };
  if (t.isElementAccessExpression(callee) && t.isStringLiteralLike(callee.argumentExpression)) {
    return { receiver: strip(callee.expression), method: callee.argumentExpression.text };
  }
  return undefined;
}

export function propertyName(name: ts.PropertyName): string | undefined {
  const t = T();
  if (t.isIdentifier(name) || t.isStringLiteralLike(name) || t.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The property of an object literal named `name` (assignment, shorthand or method). */
export function property(obj: ts.Node | undefined, name: string): ts.ObjectLiteralElementLike | undefined {
  const t = T();
  if (!obj || !t.isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.properties) {
    if (p.name && propertyName(p.name) === name) return p;
  }
  return undefined;
}

/** The value of an object literal property (the identifier itself for `{ secret }`). */
export function propertyValue(obj: ts.Node | undefined, name: string): ts.Expression | undefined {
  const t = T();
  const p = property(obj, name);
  if (!p) return undefined;
  if (t.isPropertyAssignment(p)) return p.initializer;
  if (t.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  const t = T();
  return t.isFunctionDeclaration(node) || t.isFunctionExpression(node) || t.isArrowFunction(node) ||
    t.isMethodDeclaration(node) || t.isConstructorDeclaration(node) || t.isGetAccessor(node) || t.isSetAccessor(node);
}

/** The nearest enclosing function, or the source file. */
export function enclosingScope(node: ts.Node): ts.Node {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return n;
    if (n.parent === undefined) return n;
  }
  return node;
}

/** Whether `node` sits inside an `async` function (or at the top level of an ES module). */
export function inAsyncContext(node: ts.Node, esm: boolean): boolean {
  const t = T();
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return (t.getCombinedModifierFlags(n as ts.Declaration) & t.ModifierFlags.Async) !== 0;
  }
  return esm;
}

/** The statement containing `node` (its nearest ancestor whose parent is a block or the file). */
export function statementOf(node: ts.Node): ts.Statement | undefined {
  const t = T();
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (n.parent && (t.isSourceFile(n.parent) || t.isBlock(n.parent) || t.isModuleBlock(n.parent) || t.isCaseClause(n.parent) || t.isDefaultClause(n.parent))) {
      return t.isStatement(n) ? n : undefined;
    }
    if (isFunctionLike(n) && n !== node) return undefined;
  }
  return undefined;
}

const EXTERNAL_NAMES = /^(?:config|configs|settings|env|environment|options|opts|conf|cfg|configService|appConfig|vars)$/i;

/**
 * Classifies a configuration expression: a literal (with its value), "external" when it is read from
 * the environment or a settings object, unknown otherwise. `resolve` maps a local const to its
 * initializer so that `const SECRET = 'x'; session({ secret: SECRET })` is seen as the literal.
 */
export function configValue(
  file: SourceFile, sf: ts.SourceFile, expr: ts.Expression, resolve?: (id: ts.Identifier) => ts.Expression | 'import' | undefined,
): ConfigValue {
  const t = T();
  const e = strip(expr);
  const loc = locOf(file, sf, expr);
  const text = expr.getText(sf);
  const literal = literalOf(e);
  if (literal !== undefined) return { origin: 'literal', text, literal, loc };
  if (t.isIdentifier(e) && resolve) {
    const target = resolve(e);
    if (target === 'import') return { origin: 'external', text, loc };
    if (target) {
      const inner = configValue(file, sf, target);
      if (inner.origin === 'literal') return inner;
      return { ...inner, text, loc };
    }
  }
  if (mentionsExternal(e, sf)) return { origin: 'external', text, loc };
  return { origin: 'unknown', text, loc };
}

type Literal = NonNullable<ConfigValue['literal']>;

export function literalOf(e: ts.Expression): Literal | null | undefined {
  const t = T();
  e = strip(e);
  if (t.isStringLiteralLike(e)) return e.text;
  if (t.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ''));
  if (e.kind === t.SyntaxKind.TrueKeyword) return true;
  if (e.kind === t.SyntaxKind.FalseKeyword) return false;
  if (e.kind === t.SyntaxKind.NullKeyword) return null;
  if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (t.isArrayLiteralExpression(e)) {
    const items: (string | number | boolean | null)[] = [];
    for (const el of e.elements) {
      const v = literalOf(el as ts.Expression);
      if (v === undefined || Array.isArray(v)) return undefined;
      items.push(v);
    }
    return items;
  }
  return undefined;
}

/** `process.env.X`, `import.meta.env`, `config.x`, `configService.get(…)`, `settings.cors.origins`… */
export function mentionsExternal(e: ts.Node, sf: ts.SourceFile): boolean {
  const t = T();
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (t.isPropertyAccessExpression(n)) {
      const d = dotted(n);
      if (d && (/^process\.env\b/.test(d) || /^import\.meta\.env\b/.test(d))) { found = true; return; }
    }
    if (t.isMetaProperty(n) && n.getText(sf).startsWith('import.meta')) { found = true; return; }
    if (t.isIdentifier(n) && EXTERNAL_NAMES.test(n.text) && !(t.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      found = true;
      return;
    }
    t.forEachChild(n, visit);
  };
  visit(e);
  return found;
}
