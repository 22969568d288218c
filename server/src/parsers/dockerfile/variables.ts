/**
 * Docker's word processing for instruction arguments: quote removal, the escape character and
 * `$VAR`/`${VAR…}` substitution (FROM, ENV, ARG, LABEL, COPY, USER, WORKDIR, EXPOSE…).
 * References to variables with no known value are kept as written (`/app/bin:$PATH`), so that
 * values inherited from a base image stay recognisable, and reported as unresolved.
 */

/** Returns the value of a variable, or undefined when it is not set. */
export type Lookup = (name: string) => string | undefined;

export interface ProcessedWord {
  value: string;
  /** A reference had no value and no default. */
  unresolved: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** Nested `${a:-${b:-…}}` deeper than this is kept literally (hostile input must not recurse unboundedly). */
const MAX_DEPTH = 16;

interface State {
  unresolved: boolean;
}

/**
 * Processes one word. Without `lookup`, quotes and escapes are removed but references are kept
 * literally (the value "as written").
 */
export function processWord(raw: string, escapeChar: string, lookup?: Lookup): ProcessedWord {
  if (!/['"$]/.test(raw) && !raw.includes(escapeChar)) return { value: raw, unresolved: false };
  const state: State = { unresolved: false };
  const value = processText(raw, escapeChar, lookup, state, 0);
  return { value, unresolved: state.unresolved };
}

function processText(raw: string, esc: string, lookup: Lookup | undefined, state: State, depth: number): string {
  let out = '';
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const c = raw[i];
    if (c === esc) {
      if (i + 1 < n) out += raw[i + 1];
      i += 2;
    } else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < n && raw[i] !== '"') {
        const d = raw[i];
        if (d === esc && i + 1 < n) {
          const e = raw[i + 1];
          out += e === '"' || e === '$' || e === esc ? e : d + e;
          i += 2;
        } else if (d === '$') {
          const r = expandAt(raw, i, esc, lookup, state, depth);
          out += r.text;
          i = r.next;
        } else {
          out += d;
          i++;
        }
      }
      i++;
    } else if (c === '$') {
      const r = expandAt(raw, i, esc, lookup, state, depth);
      out += r.text;
      i = r.next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just after the `}` closing the `${` that starts at `open`, or -1. */
function closingBrace(raw: string, open: number, esc: string): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    const c = raw[i];
    if (c === esc) i++;
    else if (c === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function globToRegExp(pattern: string, greedy: boolean): string {
  return pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, greedy ? '.*' : '.*?').replace(/\?/g, '.');
}

function expandAt(
  raw: string,
  i: number,
  esc: string,
  lookup: Lookup | undefined,
  state: State,
  depth: number,
): { text: string; next: number } {
  const next = raw[i + 1];
  if (next === '{') {
    const end = closingBrace(raw, i, esc);
    if (end < 0) return { text: raw.slice(i), next: raw.length };
    const literal = raw.slice(i, end);
    if (!lookup) return { text: literal, next: end };
    const inner = raw.slice(i + 2, end - 1);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+?]|##?|%%?)?([\s\S]*)$/.exec(inner);
    if (!m) return { text: literal, next: end };
    const [, name, op, word] = m;
    const value = lookup(name);
    const sub = (): string => (depth >= MAX_DEPTH ? word : processText(word, esc, lookup, state, depth + 1));
    if (!op) {
      if (value === undefined) state.unresolved = true;
      return { text: value ?? literal, next: end };
    }
    switch (op) {
      case ':-':
        return { text: value ? value : sub(), next: end };
      case '-':
        return { text: value !== undefined ? value : sub(), next: end };
      case ':+':
        return { text: value ? sub() : '', next: end };
      case '+':
        return { text: value !== undefined ? sub() : '', next: end };
      case ':?':
      case '?':
        if (value === undefined) state.unresolved = true;
        return { text: value ?? literal, next: end };
      default: {
        if (value === undefined) {
          state.unresolved = true;
          return { text: literal, next: end };
        }
        const pattern = sub();
        const greedy = op.length === 2;
        const re = op[0] === '#' ? new RegExp('^' + globToRegExp(pattern, greedy)) : new RegExp(globToRegExp(pattern, greedy) + '$');
        if (op[0] === '%' && !greedy) {
          // Shortest suffix: try from the end (bounded: quadratic on long values).
          if (value.length > 1024) return { text: value, next: end };
          const whole = new RegExp('^' + globToRegExp(pattern, true) + '$');
          for (let k = value.length; k >= 0; k--) {
            if (whole.test(value.slice(k))) return { text: value.slice(0, k), next: end };
          }
          return { text: value, next: end };
        }
        return { text: value.replace(re, ''), next: end };
      }
    }
  }
  if (next !== undefined && NAME_START.test(next)) {
    let j = i + 2;
    while (j < raw.length && NAME_CHAR.test(raw[j])) j++;
    const literal = raw.slice(i, j);
    if (!lookup) return { text: literal, next: j };
    const value = lookup(raw.slice(i + 1, j));
    if (value === undefined) state.unresolved = true;
    return { text: value ?? literal, next: j };
  }
  return { text: '$', next: i + 1 };
}
