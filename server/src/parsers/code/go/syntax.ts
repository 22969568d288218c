import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { Range } from '../../../core/types';
import type { Loc } from '../../../model/app';
import type { LineIndex } from '../../../workspace/line-index';
import { getLoadedParser, parseWithBudget } from '../../shell/grammar';

/**
 * Thin helpers over the tree-sitter Go grammar. Node indices are UTF-16 offsets into the source
 * (web-tree-sitter parses JS strings), so ranges come from the file's LineIndex.
 */

export type { Node };

/** Parses Go source; undefined when the grammar is not loaded or the parser trapped. */
export function parseGo(text: string): Tree | undefined {
  const parser = getLoadedParser('go');
  if (!parser) return undefined;
  try {
    return parseWithBudget(parser, text) ?? undefined;
  } catch {
    // A WASM trap leaves the parser mid-parse; reset it so the next file starts clean.
    parser.reset();
    return undefined;
  }
}

/**
 * The last few trees parsed, by text: extraction and then every fix builder of a file's findings
 * read the same version, so one parse serves them all. Evicted trees are freed (WASM memory is not
 * garbage-collected); a handful of entries keeps nested uses safe.
 */
const recent: { text: string; tree: Tree }[] = [];
const RECENT_TREES = 4;

/** Runs `fn` on the tree of `text`; never throws (returns `fallback`). */
export function withGoTree<T>(text: string, fn: (root: Node) => T, fallback: T): T {
  let entry = recent.find((r) => r.text === text);
  if (!entry) {
    const tree = parseGo(text);
    if (!tree) return fallback;
    entry = { text, tree };
    recent.unshift(entry);
    while (recent.length > RECENT_TREES) recent.pop()!.tree.delete();
  }
  try {
    return fn(entry.tree.rootNode);
  } catch {
    return fallback;
  }
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

export function named(node: Node | undefined): Node[] {
  if (!node) return [];
  // One crossing of the WASM boundary for all children (namedChild(i) costs one each).
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

export function rangeOfNode(lines: LineIndex, node: Node): Range {
  return lines.rangeAt(node.startIndex, node.endIndex);
}

export function locOf(file: string, lines: LineIndex, node: Node): Loc {
  return { file, range: rangeOfNode(lines, node) };
}

/** Value of a Go string literal (interpreted or raw), undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  const body = node.text.slice(1, -1);
  return body.replace(/\\(["\\/nrt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

export function isStringLiteral(node: Node | undefined): boolean {
  return !!node && (node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal');
}

/** `pkg.Name` / `x.y.Name` parts of a selector, or of a call's function. */
export interface Callee {
  /** The operand node (`http` in `http.Get`, `r` in `r.GET`), undefined for plain calls `f()`. */
  operand?: Node;
  /** `Get`, `GET`, or the identifier of a plain call. */
  name: string;
}

export function calleeOf(call: Node): Callee | undefined {
  const fn = call.firstNamedChild;
  if (!fn) return undefined;
  if (fn.type === 'selector_expression') {
    // `operand . field`: the two named children, fetched at once.
    const [operand, f] = fn.namedChildren;
    return f && operand && f.type === 'field_identifier' ? { operand, name: f.text } : undefined;
  }
  if (fn.type === 'identifier') return { name: fn.text };
  return undefined;
}

/** Arguments of a call (named children of its argument list). */
export function argsOf(call: Node): Node[] {
  return named(field(call, 'arguments'));
}

/** `{Key: value}` elements of a composite literal body, keyed by field name. */
export function keyedElements(literal: Node): Map<string, { key: Node; value: Node; element: Node }> {
  const out = new Map<string, { key: Node; value: Node; element: Node }>();
  const body = field(literal, 'body');
  for (const el of named(body)) {
    if (el.type !== 'keyed_element') continue;
    const parts = named(el);
    const key = field(el, 'key') ?? parts[0];
    const value = field(el, 'value') ?? parts[1];
    if (!key || !value) continue;
    out.set(unwrapElement(key).text, { key, value: unwrapElement(value), element: el });
  }
  return out;
}

/** Unkeyed elements of a composite literal (`[]string{"a", "b"}`). */
export function elementsOf(literal: Node): Node[] {
  return named(field(literal, 'body')).filter((e) => e.type !== 'keyed_element').map(unwrapElement);
}

/** Grammar versions wrap keys/values in `literal_element`; look through it. */
export function unwrapElement(node: Node): Node {
  if (node.type === 'literal_element') return node.namedChild(0) ?? node;
  return node;
}

/** `&X{…}` and `(X)` → X. */
export function unwrapExpr(node: Node): Node {
  let n = node;
  for (let guard = 0; guard < 50; guard++) {
    if (n.type === 'unary_expression' && field(n, 'operator')?.text === '&') n = field(n, 'operand') ?? n;
    else if (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
    else break;
  }
  return n;
}

/** `pkg.Type` of a composite literal: [qualifier, name], or [undefined, name] for a local type. */
export function literalType(literal: Node): [string | undefined, string] | undefined {
  const type = field(literal, 'type');
  if (!type) return undefined;
  if (type.type === 'qualified_type') {
    const pkg = field(type, 'package')?.text;
    const name = field(type, 'name')?.text;
    return name ? [pkg, name] : undefined;
  }
  if (type.type === 'type_identifier') return [undefined, type.text];
  return undefined;
}

/** Number of seconds of a Go duration expression (`5 * time.Second`, `time.Minute`), when literal. */
export function durationSeconds(node: Node, timeAlias: string): number | undefined {
  const units: Record<string, number> = { Nanosecond: 1e-9, Microsecond: 1e-6, Millisecond: 1e-3, Second: 1, Minute: 60, Hour: 3600 };
  const n = unwrapExpr(node);
  if (n.type === 'int_literal' || n.type === 'float_literal') return Number(n.text.replace(/_/g, '')) * 1e-9;
  if (n.type === 'selector_expression' && field(n, 'operand')?.text === timeAlias) return units[field(n, 'field')?.text ?? ''];
  if (n.type === 'binary_expression' && field(n, 'operator')?.text === '*') {
    const l = field(n, 'left');
    const r = field(n, 'right');
    if (!l || !r) return undefined;
    const num = (x: Node): number | undefined => (x.type === 'int_literal' || x.type === 'float_literal' ? Number(x.text.replace(/_/g, '')) : undefined);
    // `5 * time.Second` or `time.Second * 5`: one side is a plain number, the other a duration.
    const [factor, unit] = num(l) !== undefined ? [num(l)!, r] : [num(r), l];
    if (factor === undefined) return undefined;
    const seconds = durationSeconds(unit, timeAlias);
    return seconds === undefined ? undefined : factor * seconds;
  }
  return undefined;
}

/** Whether an expression is made only of literals (no identifiers other than `true`/`false`/`nil`, no calls). */
export function isLiteralExpr(node: Node, timeAlias = 'time'): boolean {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'call_expression':
      case 'index_expression':
        return false;
      case 'identifier':
        if (n.text !== 'true' && n.text !== 'false' && n.text !== 'nil' && n.text !== 'iota') return false;
        continue;
      case 'selector_expression':
        // Only `time.Second` style constants are literal.
        if (field(n, 'operand')?.text !== timeAlias) return false;
        continue;
    }
    for (const c of named(n)) stack.push(c);
  }
  return true;
}

/** The statement that holds `node` directly in a block (walks up through expressions). */
export function enclosingStatement(node: Node): Node | undefined {
  let n: Node | null = node;
  while (n) {
    const p: Node | null = n.parent;
    if (!p) return undefined;
    if (p.type === 'block' || p.type === 'statement_list' || p.type === 'source_file' || p.type === 'expression_case' || p.type === 'communication_case' || p.type === 'default_case' || p.type === 'type_case') return n;
    n = p;
  }
  return undefined;
}

/** The innermost function (declaration, method or literal) that contains `node`. */
export function enclosingFunction(node: Node): Node | undefined {
  let n: Node | null = node.parent;
  while (n) {
    if (n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal') return n;
    n = n.parent;
  }
  return undefined;
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start, start + 200));
  return m ? m[0] : '';
}
