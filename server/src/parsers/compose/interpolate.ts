/**
 * Compose variable interpolation, statically: the environment is unknown, so a variable without a
 * default makes the value "external" (set at deploy time), and a default is taken as the value.
 * Syntax: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`; defaults may nest (`${A:-${B:-x}}`).
 */

export type InterpolationOp = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface VariableRef {
  name: string;
  op: InterpolationOp;
  /** The default (`:-`/`-`), error message (`:?`/`?`) or alternative (`:+`/`+`), as written. */
  arg?: string;
  /** Offsets of the whole `${…}` / `$VAR` in the raw string. */
  start: number;
  end: number;
}

export interface Interpolated {
  /** Defaults substituted, `$$` unescaped; variables with no usable default kept as written. */
  value: string;
  /** Some part of the value comes from the environment with no default. */
  external: boolean;
  /** Top-level variable references (nested ones inside defaults are not listed). */
  vars: VariableRef[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_NESTING = 16;

/** Index of the `}` closing the `${` at `open`, honouring nested `${…}`; -1 when unterminated. */
function closingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    const c = raw[i];
    if (c === '$' && raw[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function interpolate(raw: string, depth = 0): Interpolated {
  let value = '';
  let external = false;
  const vars: VariableRef[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c !== '$') {
      value += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === '$') {
      value += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(raw, i);
      if (close < 0) {
        value += raw.slice(i);
        break;
      }
      const inner = raw.slice(i + 2, close);
      const name = NAME.exec(inner)?.[0];
      if (!name) {
        value += raw.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const rest = inner.slice(name.length);
      const op = (/^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[1] ?? '') as InterpolationOp;
      const arg = op ? rest.slice(op.length) : undefined;
      vars.push({ name, op, arg, start: i, end: close + 1 });
      if ((op === ':-' || op === '-') && depth < MAX_NESTING) {
        const fallback = interpolate(arg ?? '', depth + 1);
        value += fallback.value;
        external ||= fallback.external;
      } else {
        value += raw.slice(i, close + 1);
        external = true;
      }
      i = close + 1;
      continue;
    }
    const name = NAME.exec(raw.slice(i + 1))?.[0];
    if (name) {
      vars.push({ name, op: '', start: i, end: i + 1 + name.length });
      value += raw.slice(i, i + 1 + name.length);
      external = true;
      i += 1 + name.length;
      continue;
    }
    value += c;
    i++;
  }
  return { value, external, vars };
}

/** Whether a string mentions a variable at all (fast check before interpolating). */
export function hasVariables(raw: string): boolean {
  return raw.includes('$');
}
