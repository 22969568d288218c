/**
 * What the names of a file refer to: imports and requires (to know that `rateLimit(…)` is
 * express-rate-limit), and top-level/local constants (to see through `const SECRET = 'x'`).
 */
import type { ts } from 'ts-morph';
import { dotted, strip, stringValue, T } from './syntax';

export interface ImportBinding {
  module: string;
  /** `default`, `*` (namespace or the whole `require(…)`), or the exported name. */
  imported: string;
  typeOnly: boolean;
  node: ts.Node;
}

/** A reference resolved to a module member: `express.Router` → { module: 'express', member: 'Router' }. */
export interface ModuleRef {
  module: string;
  /** '' for the module itself (its default export or the required object); dotted otherwise. */
  member: string;
}

export interface Bindings {
  imports: Map<string, ImportBinding>;
  /** Every module specifier the file imports, with the node of the import. */
  specifiers: { module: string; node: ts.Node; sideEffect: boolean }[];
  /** `const name = <initializer>` declarations (any scope; the last one wins on shadowing). */
  constants: Map<string, ts.Expression>;
  /** Whether the file is written as an ES module (import/export) rather than CommonJS. */
  esm: boolean;
}

export function normalizeModule(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}

/** `require('m')`, `import('m')` → 'm'. */
export function requiredModule(node: ts.Node): string | undefined {
  const t = T();
  if (!t.isCallExpression(node)) return undefined;
  const dynamicImport = node.expression.kind === t.SyntaxKind.ImportKeyword;
  if (!dynamicImport && (!t.isIdentifier(node.expression) || node.expression.text !== 'require')) return undefined;
  const spec = stringValue(node.arguments[0]);
  return spec === undefined ? undefined : normalizeModule(spec);
}

export function collectBindings(sf: ts.SourceFile): Bindings {
  const t = T();
  const b: Bindings = { imports: new Map(), specifiers: [], constants: new Map(), esm: /\.mjs$|\.mts$/.test(sf.fileName) };
  const add = (name: string, binding: ImportBinding): void => {
    b.imports.set(name, binding);
  };

  for (const st of sf.statements) {
    if (t.isImportDeclaration(st) && t.isStringLiteralLike(st.moduleSpecifier)) {
      b.esm = true;
      const module = normalizeModule(st.moduleSpecifier.text);
      const clause = st.importClause;
      b.specifiers.push({ module, node: st, sideEffect: !clause });
      if (!clause) continue;
      const typeOnly = clause.isTypeOnly;
      if (clause.name) add(clause.name.text, { module, imported: 'default', typeOnly, node: clause.name });
      const named = clause.namedBindings;
      if (named && t.isNamespaceImport(named)) add(named.name.text, { module, imported: '*', typeOnly, node: named.name });
      else if (named) {
        for (const el of named.elements) {
          add(el.name.text, { module, imported: (el.propertyName ?? el.name).text, typeOnly: typeOnly || el.isTypeOnly, node: el.name });
        }
      }
    } else if (t.isImportEqualsDeclaration(st) && t.isExternalModuleReference(st.moduleReference)) {
      const spec = stringValue(st.moduleReference.expression);
      if (spec !== undefined) {
        const module = normalizeModule(spec);
        b.specifiers.push({ module, node: st, sideEffect: false });
        add(st.name.text, { module, imported: '*', typeOnly: st.isTypeOnly, node: st.name });
      }
    } else if (t.isExportDeclaration(st) || t.isExportAssignment(st)) {
      b.esm = true;
      if (t.isExportDeclaration(st) && st.moduleSpecifier && t.isStringLiteralLike(st.moduleSpecifier)) {
        b.specifiers.push({ module: normalizeModule(st.moduleSpecifier.text), node: st, sideEffect: false });
      }
    } else if (t.canHaveModifiers(st) && t.getModifiers(st)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword)) {
      b.esm = true;
    }
  }

  // Requires and constants can sit anywhere (inside a bootstrap function, behind a condition).
  const visit = (node: ts.Node): void => {
    if (t.isVariableDeclaration(node) && node.initializer) {
      const init = strip(node.initializer);
      const whole = requiredModule(init);
      const required = whole !== undefined ? { module: whole, member: '' } : requiredMember(init);
      if (required && t.isIdentifier(node.name)) {
        add(node.name.text, { module: required.module, imported: required.member || '*', typeOnly: false, node: node.name });
      } else if (required && t.isObjectBindingPattern(node.name)) {
        for (const el of node.name.elements) {
          if (!t.isIdentifier(el.name)) continue;
          const prop = el.propertyName && t.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
          add(el.name.text, { module: required.module, imported: required.member ? `${required.member}.${prop}` : prop, typeOnly: false, node: el.name });
        }
      } else if (t.isIdentifier(node.name)) {
        b.constants.set(node.name.text, node.initializer);
      }
    } else if (t.isCallExpression(node)) {
      const spec = requiredModule(node);
      if (spec !== undefined) b.specifiers.push({ module: spec, node, sideEffect: t.isExpressionStatement(node.parent) });
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return b;
}

/** `require('m').x.y` → { module: 'm', member: 'x.y' }. */
function requiredMember(node: ts.Expression): ModuleRef | undefined {
  const t = T();
  const names: string[] = [];
  let n: ts.Expression = node;
  while (t.isPropertyAccessExpression(n)) {
    names.unshift(n.name.text);
    n = strip(n.expression);
  }
  const module = requiredModule(n);
  if (module === undefined || names.length === 0) return undefined;
  const member = names.filter((x) => x !== 'default').join('.');
  return { module, member };
}

/** Resolves a callee or value expression to the module member it names, if it names one. */
export function resolveRef(b: Bindings, expr: ts.Expression): ModuleRef | undefined {
  const e = strip(expr);
  const direct = requiredModule(e);
  if (direct !== undefined) return { module: direct, member: '' };
  const viaRequire = requiredMember(e);
  if (viaRequire) return viaRequire;
  const path = dotted(e);
  if (!path) return undefined;
  const [head, ...rest] = path.split('.');
  const binding = b.imports.get(head);
  if (!binding) return undefined;
  const base = binding.imported === 'default' || binding.imported === '*' ? [] : [binding.imported];
  // `express.default` / `helmet.default` under CommonJS interop names the same thing as `express`.
  const member = [...base, ...rest].filter((x) => x !== 'default').join('.');
  return { module: binding.module, member };
}
