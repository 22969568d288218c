/**
 * A plain-JS copy of the tree-sitter Python tree: named nodes only, with field names, parents and
 * the operator of binary/comparison nodes. Copying once with a cursor (a few WASM calls per node)
 * and deleting the tree at once is cheaper than asking tree-sitter node objects questions later,
 * and lets every analysis run in JS without holding WASM memory.
 */
import { getLoadedParser, parseWithBudget } from '../../shell/grammar';

export interface PyNode {
  type: string;
  start: number;
  end: number;
  /** Field name in the parent (`function`, `arguments`, `left`…). */
  field: string | null;
  children: PyNode[];
  parent: PyNode | null;
  /** Operator token of `binary_operator`, `comparison_operator`, `boolean_operator`, `augmented_assignment`. */
  op?: string;
}

export interface PyModule {
  root: PyNode;
  src: string;
  hasErrors: boolean;
}

// Their insides never matter: a string's parts are read from its text (see strings.ts).
const LEAVES = new Set(['string', 'comment', 'integer', 'float', 'identifier', 'true', 'false', 'none', 'escape_sequence']);
const OPERATOR_PARENTS = new Set(['binary_operator', 'comparison_operator', 'boolean_operator', 'augmented_assignment', 'not_operator']);
// Parents whose children's field names the extractors read (each cursor call crosses into WASM).
const FIELD_PARENTS = new Set([
  'call', 'keyword_argument', 'assignment', 'augmented_assignment', 'attribute', 'pair', 'subscript', 'import_from_statement',
  'aliased_import', 'function_definition', 'class_definition', 'lambda',
]);

/** Parses Python source; undefined when the grammar is not loaded (the engine loads it when .py files exist). */
export function parsePython(src: string): PyModule | undefined {
  const parser = getLoadedParser('python');
  if (!parser) return undefined;
  let tree;
  try {
    tree = parseWithBudget(parser, src);
  } catch {
    parser.reset();
    return undefined;
  }
  if (!tree) return undefined;
  try {
    const cursor = tree.walk();
    const root: PyNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: null, children: [], parent: null };
    const hasErrors = tree.rootNode.hasError;
    const ancestors: PyNode[] = [];
    let current: PyNode | null = root;
    for (;;) {
      const descend = current !== null && !LEAVES.has(current.type);
      if (descend && cursor.gotoFirstChild()) {
        ancestors.push(current!);
      } else {
        let moved = false;
        while (ancestors.length > 0) {
          if (cursor.gotoNextSibling()) {
            moved = true;
            break;
          }
          cursor.gotoParent();
          ancestors.pop();
        }
        if (!moved) break;
      }
      const parent = ancestors[ancestors.length - 1];
      if (cursor.nodeIsNamed) {
        const type = cursor.nodeType;
        if (type === 'comment') {
          current = null;
          continue;
        }
        const fieldName = FIELD_PARENTS.has(parent.type) ? cursor.currentFieldName : null;
        current = { type, start: cursor.startIndex, end: cursor.endIndex, field: fieldName, children: [], parent };
        parent.children.push(current);
      } else {
        if (OPERATOR_PARENTS.has(parent.type) && parent.op === undefined) {
          const type = cursor.nodeType;
          if (type !== '(' && type !== ')') parent.op = type;
        }
        current = null;
      }
    }
    return { root, src, hasErrors };
  } catch {
    return undefined;
  } finally {
    tree.delete();
  }
}

export function text(m: PyModule, n: PyNode): string {
  return m.src.slice(n.start, n.end);
}

export function field(n: PyNode, name: string): PyNode | undefined {
  for (const c of n.children) if (c.field === name) return c;
  return undefined;
}

/** Pre-order, iterative (deeply nested input must not overflow the stack). `skip` prunes a subtree. */
export function* walk(root: PyNode, skip?: (n: PyNode) => boolean): Generator<PyNode> {
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    if (skip?.(n)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** The statement-level ancestor directly inside `block`/`module` (the statement holding `n`). */
export function statementOf(n: PyNode): PyNode {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  // A decorated definition is one statement with its decorators.
  if (cur.parent?.type === 'decorated_definition') return cur.parent;
  return cur;
}

/** The module-level statement holding `n`. */
export function topStatementOf(n: PyNode): PyNode {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

/** Nearest enclosing node of one of the types. */
export function enclosing(n: PyNode, types: ReadonlySet<string>): PyNode | undefined {
  for (let cur = n.parent; cur; cur = cur.parent) if (types.has(cur.type)) return cur;
  return undefined;
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*['"]__main__['"]|^if\s+['"]__main__['"]\s*==\s*__name__/;

/** Inside `if __name__ == "__main__":` (runs only when the file is executed as a script). */
export function underMainGuard(m: PyModule, n: PyNode): boolean {
  for (let cur = n.parent; cur; cur = cur.parent) {
    if (cur.type === 'if_statement' && MAIN_GUARD.test(m.src.slice(cur.start, cur.start + 64))) return true;
  }
  return false;
}

/** Call parts: callee, positional arguments and keyword arguments by name. */
export interface CallParts {
  callee: PyNode;
  args: PyNode;
  positional: PyNode[];
  keywords: Map<string, { name: PyNode; value: PyNode; node: PyNode }>;
  /** `**kwargs` present: a missing keyword may still be passed. */
  splat: boolean;
}

export function callParts(m: PyModule, call: PyNode): CallParts | undefined {
  const callee = field(call, 'function');
  const args = field(call, 'arguments');
  if (!callee || !args || args.type !== 'argument_list') return undefined;
  const positional: PyNode[] = [];
  const keywords = new Map<string, { name: PyNode; value: PyNode; node: PyNode }>();
  let splat = false;
  for (const a of args.children) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name');
      const value = field(a, 'value');
      if (name && value) keywords.set(text(m, name), { name, value, node: a });
    } else if (a.type === 'dictionary_splat' || a.type === 'list_splat') {
      splat = true;
    } else {
      positional.push(a);
    }
  }
  return { callee, args, positional, keywords, splat };
}
