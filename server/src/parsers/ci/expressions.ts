/**
 * GitHub Actions expressions (`${{ … }}`): found in a string with their offsets, parsed into a small
 * AST so rules can tell which contexts an expression reads and whether their values reach the
 * expression's result (`contains(github.event.issue.title, 'x')` reads a title but yields a boolean).
 */

export type Expr =
  | { type: 'literal'; start: number; end: number }
  | { type: 'path'; segments: string[]; start: number; end: number }
  | { type: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { type: 'unary'; operand: Expr; start: number; end: number }
  | { type: 'binary'; op: string; left: Expr; right: Expr; start: number; end: number }
  /** Property access on a non-path (`fromJSON(x).a`, `(a || b).c`). */
  | { type: 'member'; object: Expr; start: number; end: number }
  | { type: 'invalid'; start: number; end: number };

export interface ContextRef {
  /** Normalised dotted path: `github.event.commits.*.message` (indexes become `*`, names lower-cased). */
  path: string;
  segments: string[];
  /** Offsets in the host string. */
  start: number;
  end: number;
}

export interface ExpressionRef {
  /** `${{ … }}` as written. */
  text: string;
  /** The text between the braces, untrimmed. */
  inner: string;
  /** Offsets of `${{` and after `}}` in the host string. */
  start: number;
  end: number;
  innerStart: number;
  ast: Expr;
  /** Every context path read, in order. */
  contexts: ContextRef[];
}

const MAX_EXPRESSION = 10_000;
const MAX_DEPTH = 64;

/** Every `${{ … }}` in `text`; a string literal may contain `}}`, an unterminated one runs to the end. */
export function findExpressions(text: string): ExpressionRef[] {
  const out: ExpressionRef[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${{', from);
    if (start < 0) break;
    let i = start + 3;
    let close = -1;
    while (i < text.length && i - start < MAX_EXPRESSION) {
      const c = text[i];
      if (c === "'") {
        const endQuote = skipString(text, i);
        i = endQuote;
        continue;
      }
      if (c === '}' && text[i + 1] === '}') {
        close = i;
        break;
      }
      i++;
    }
    if (close < 0) break;
    const innerStart = start + 3;
    const inner = text.slice(innerStart, close);
    const ast = parseExpression(inner, innerStart);
    out.push({ text: text.slice(start, close + 2), inner, start, end: close + 2, innerStart, ast, contexts: contextsOf(ast) });
    from = close + 2;
  }
  return out;
}

function skipString(text: string, quote: number): number {
  let i = quote + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return i;
}

interface Token {
  kind: 'ident' | 'number' | 'string' | 'op' | 'end';
  value: string;
  start: number;
  end: number;
}

function tokenize(src: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      i = skipString(src, i);
      tokens.push({ kind: 'string', value: src.slice(start, i), start: base + start, end: base + i });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_-]/.test(src[i])) i++;
      tokens.push({ kind: 'ident', value: src.slice(start, i), start: base + start, end: base + i });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      i++;
      while (i < src.length && /[0-9a-fA-FxX.eE+-]/.test(src[i])) i++;
      tokens.push({ kind: 'number', value: src.slice(start, i), start: base + start, end: base + i });
    } else {
      const two = src.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>=', '&&', '||'].includes(two) ? two : c;
      i += op.length;
      tokens.push({ kind: 'op', value: op, start: base + start, end: base + i });
    }
  }
  tokens.push({ kind: 'end', value: '', start: base + src.length, end: base + src.length });
  return tokens;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };

/** Parses the inside of `${{ }}`; never throws (malformed input yields `invalid` nodes). */
export function parseExpression(src: string, base = 0): Expr {
  const tokens = tokenize(src, base);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++ < tokens.length - 1 ? pos - 1 : tokens.length - 1];

  function binary(minPrec: number): Expr {
    let left = unary();
    for (;;) {
      const t = peek();
      const prec = t.kind === 'op' ? PRECEDENCE[t.value] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      next();
      const right = binary(prec + 1);
      left = { type: 'binary', op: t.value, left, right, start: left.start, end: right.end };
    }
  }

  function unary(): Expr {
    const t = peek();
    if (t.kind === 'op' && t.value === '!') {
      next();
      const operand = unary();
      return { type: 'unary', operand, start: t.start, end: operand.end };
    }
    return postfix(primary());
  }

  function primary(): Expr {
    if (++depth > MAX_DEPTH) {
      const t = tokens[tokens.length - 1];
      pos = tokens.length - 1;
      return { type: 'invalid', start: t.start, end: t.end };
    }
    try {
      const t = next();
      if (t.kind === 'string' || t.kind === 'number') return { type: 'literal', start: t.start, end: t.end };
      if (t.kind === 'ident') {
        const lower = t.value.toLowerCase();
        if (lower === 'true' || lower === 'false' || lower === 'null') return { type: 'literal', start: t.start, end: t.end };
        if (peek().kind === 'op' && peek().value === '(') {
          next();
          const args: Expr[] = [];
          while (peek().kind !== 'end' && !(peek().kind === 'op' && peek().value === ')')) {
            args.push(binary(1));
            if (peek().kind === 'op' && peek().value === ',') next();
            else break;
          }
          const close = peek().kind === 'op' && peek().value === ')' ? next() : peek();
          return { type: 'call', name: lower, args, start: t.start, end: close.end };
        }
        return { type: 'path', segments: [lower], start: t.start, end: t.end };
      }
      if (t.kind === 'op' && t.value === '(') {
        const inner = binary(1);
        const close = peek().kind === 'op' && peek().value === ')' ? next() : peek();
        return { ...inner, start: t.start, end: Math.max(inner.end, close.end) } as Expr;
      }
      return { type: 'invalid', start: t.start, end: t.end };
    } finally {
      depth--;
    }
  }

  function postfix(expr: Expr): Expr {
    for (;;) {
      const t = peek();
      if (t.kind === 'op' && t.value === '.') {
        next();
        const name = next();
        const seg = name.kind === 'ident' ? name.value.toLowerCase() : name.value === '*' ? '*' : undefined;
        if (seg === undefined) return { type: 'invalid', start: expr.start, end: name.end };
        expr = expr.type === 'path' ? { ...expr, segments: [...expr.segments, seg], end: name.end } : { type: 'member', object: expr, start: expr.start, end: name.end };
      } else if (t.kind === 'op' && t.value === '[') {
        next();
        const index = peek();
        const inner = binary(1);
        const close = peek().kind === 'op' && peek().value === ']' ? next() : peek();
        // `x['name']` is the same property as `x.name`; any computed index is a wildcard.
        const seg = inner.type === 'literal' && index.kind === 'string' && index.end === inner.end
          ? index.value.slice(1, -1).replace(/''/g, "'").toLowerCase()
          : '*';
        expr = expr.type === 'path' ? { ...expr, segments: [...expr.segments, seg], end: close.end } : { type: 'member', object: expr, start: expr.start, end: close.end };
      } else return expr;
    }
  }

  const result = binary(1);
  return result;
}

/** Every context path read by an expression, in source order. */
export function contextsOf(expr: Expr): ContextRef[] {
  const out: ContextRef[] = [];
  const stack: Expr[] = [expr];
  while (stack.length) {
    const e = stack.pop()!;
    switch (e.type) {
      case 'path':
        out.push({ path: e.segments.join('.'), segments: e.segments, start: e.start, end: e.end });
        break;
      case 'call':
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]);
        break;
      case 'unary':
        stack.push(e.operand);
        break;
      case 'binary':
        stack.push(e.right, e.left);
        break;
      case 'member':
        stack.push(e.object);
        break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Functions whose result carries their arguments' text; the rest return booleans, numbers or hashes. */
const PASS_THROUGH = new Set(['format', 'join', 'tojson', 'fromjson']);

/**
 * The context paths whose *values* can end up in the expression's result: operands of `||`/`&&`,
 * arguments of `format`/`join`/`toJSON`/`fromJSON`, plain paths. Comparisons, `!`, `contains()`,
 * `startsWith()`, `hashFiles()`… yield values an attacker cannot shape into code.
 */
export function valueContexts(expr: Expr): ContextRef[] {
  const out: ContextRef[] = [];
  const visit = (e: Expr, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    switch (e.type) {
      case 'path':
        out.push({ path: e.segments.join('.'), segments: e.segments, start: e.start, end: e.end });
        return;
      case 'call':
        if (PASS_THROUGH.has(e.name)) for (const a of e.args) visit(a, depth + 1);
        return;
      case 'binary':
        if (e.op === '&&') visit(e.right, depth + 1);
        else if (e.op === '||') {
          visit(e.left, depth + 1);
          visit(e.right, depth + 1);
        }
        return;
      case 'member':
        visit(e.object, depth + 1);
        return;
      default:
        return;
    }
  };
  visit(expr, 0);
  return out;
}

/**
 * Fields of the event payload that anyone who can open an issue, a pull request or push a branch to
 * a fork controls (the GitHub Security Lab list, as used by actionlint and zizmor).
 */
const UNTRUSTED_PATTERNS = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.workflow_run.head_repository.description',
].map((p) => p.split('.'));

function segmentMatches(pattern: string, actual: string): boolean {
  return pattern === '*' || actual === '*' || pattern === actual;
}

/**
 * Whether a context path reads attacker-controllable text: the path is one of the untrusted fields
 * (or inside one), or an object containing one (`github.event.pull_request` passed to `toJSON`).
 */
export function isUntrustedPath(segments: readonly string[]): boolean {
  for (const pattern of UNTRUSTED_PATTERNS) {
    const n = Math.min(pattern.length, segments.length);
    let ok = true;
    for (let i = 0; i < n; i++) {
      if (!segmentMatches(pattern[i], segments[i])) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}
