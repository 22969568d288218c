/**
 * Python literals and configuration values: string literal decoding, literal evaluation (strings,
 * numbers, booleans, None, lists/tuples of those) and the "external" test (a value read from the
 * environment or a settings object passes: we cannot know its production value).
 */
import type { ConfigValue, Loc } from '../../../model/app';
import { text, walk, type PyModule, type PyNode } from './ast';

export type Literal = string | number | boolean | null | (string | number | boolean | null)[];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes one string literal token (`"…"`, `r'…'`, `"""…"""`); undefined for f-strings with fields and bytes. */
export function decodeString(raw: string): string | undefined {
  const m = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return undefined;
  const quote = m[2];
  if (!raw.endsWith(quote) || raw.length < m[0].length + quote.length) return undefined;
  const body = raw.slice(m[0].length, raw.length - quote.length);
  if (prefix.includes('f') && /\{(?!\{)/.test(body.replace(/\{\{/g, ''))) return undefined;
  const unbraced = prefix.includes('f') ? body.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : body;
  if (prefix.includes('r')) return unbraced;
  return unbraced.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g, (all, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e === '\n') return '';
    return ESCAPES[e] ?? all;
  });
}

/** A string constant (`"a"`, `"a" "b"`), else undefined. */
export function stringOf(m: PyModule, n: PyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string') return decodeString(text(m, n));
  if (n.type === 'concatenated_string') {
    let out = '';
    for (const c of n.children) {
      const s = c.type === 'string' ? decodeString(text(m, c)) : undefined;
      if (s === undefined) return undefined;
      out += s;
    }
    return out;
  }
  if (n.type === 'parenthesized_expression' && n.children.length === 1) return stringOf(m, n.children[0]);
  return undefined;
}

function scalarOf(m: PyModule, n: PyNode): string | number | boolean | null | undefined {
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer': {
      const v = Number(text(m, n).replace(/_/g, '').replace(/[lL]$/, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'float': {
      const v = Number(text(m, n).replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'unary_operator': {
      const t = text(m, n).trim();
      const inner = n.children[0];
      const v = inner ? scalarOf(m, inner) : undefined;
      return typeof v === 'number' ? (t.startsWith('-') ? -v : v) : undefined;
    }
    case 'parenthesized_expression':
      return n.children.length === 1 ? scalarOf(m, n.children[0]) : undefined;
    default:
      return stringOf(m, n);
  }
}

/** Literal value of a constant expression, else undefined. */
export function literalOf(m: PyModule, n: PyNode | undefined): Literal | undefined {
  if (!n) return undefined;
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') {
    const out: (string | number | boolean | null)[] = [];
    for (const c of n.children) {
      const v = scalarOf(m, c);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  return scalarOf(m, n);
}

/** The elements of a list/tuple literal (whatever they are), else undefined. */
export function elementsOf(n: PyNode | undefined): PyNode[] | undefined {
  if (!n) return undefined;
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') return n.children.filter((c) => c.type !== 'comment');
  if (n.type === 'parenthesized_expression' && n.children.length === 1) return elementsOf(n.children[0]);
  return undefined;
}

// Identifiers that, when an expression reads them, mean the value comes from configuration.
const CONFIG_WORD = /(^|_)(settings?|config|conf|cfg|env|environ|environment|getenv|secrets)($|_)/i;

/**
 * The expression reads the environment or a settings/config object (`os.environ[…]`, `settings.X`,
 * `env("X")`, `config("X")`, an UPPER_CASE constant imported from elsewhere). Callers resolve
 * module-level constants of the same file first.
 */
export function readsConfig(m: PyModule, n: PyNode): boolean {
  for (const c of walk(n)) {
    if (c.type !== 'identifier' || (c.field === 'name' && c.parent?.type === 'keyword_argument')) continue;
    const t = text(m, c);
    if (CONFIG_WORD.test(t) || (t.length > 1 && /^[A-Z][A-Z0-9_]*$/.test(t))) return true;
  }
  return false;
}

export function loc(file: string, m: PyModule, n: PyNode, lines: { rangeAt(s: number, e: number): Loc['range'] }): Loc {
  return { file, range: lines.rangeAt(n.start, n.end) };
}

/** A configuration value as written: literal, external (env/settings) or unknown. */
export function configValue(m: PyModule, n: PyNode, at: Loc): ConfigValue {
  const literal = literalOf(m, n);
  const t = text(m, n);
  if (literal !== undefined) return { origin: 'literal', text: t, literal, loc: at };
  return { origin: readsConfig(m, n) ? 'external' : 'unknown', text: t, loc: at };
}

/** Truthiness of a literal as a flag (`True`, `1`, `"true"`, `"1"`). */
export function truthy(v: Literal | undefined): boolean {
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return /^(1|true|yes|on)$/i.test(v.trim());
  return false;
}
