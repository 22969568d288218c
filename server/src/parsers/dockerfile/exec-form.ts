/**
 * The JSON ("exec") form of RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME. Like Docker, anything that is
 * not exactly a JSON array of strings falls back to the shell form.
 */
import { MappedText } from './source-map';

export interface ExecForm {
  values: string[];
  /** Offsets of each string literal (quotes included) in the source text. */
  spans: [number, number][];
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function skipBlanks(source: string, i: number, end: number): number {
  while (i < end && /\s/.test(source[i])) i++;
  return i;
}

/** Decodes the JSON string literal starting at `i` (a `"`); undefined when invalid. */
function readString(source: string, i: number, end: number): { value: string; next: number } | undefined {
  let j = i + 1;
  let value = '';
  while (j < end) {
    const c = source[j];
    if (c === '"') return { value, next: j + 1 };
    if (c === '\\') {
      const e = source[j + 1];
      if (e === 'u') {
        const hex = source.slice(j + 2, j + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        value += String.fromCharCode(parseInt(hex, 16));
        j += 6;
      } else if (e !== undefined && e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        j += 2;
      } else return undefined;
    } else if (c.charCodeAt(0) < 0x20) {
      return undefined;
    } else {
      value += c;
      j++;
    }
  }
  return undefined;
}

/** Parses `source[start, end)` as a JSON array of strings. */
export function parseExecForm(source: string, start: number, end: number): ExecForm | undefined {
  let i = skipBlanks(source, start, end);
  if (source[i] !== '[') return undefined;
  i = skipBlanks(source, i + 1, end);
  const form: ExecForm = { values: [], spans: [] };
  if (source[i] === ']') return skipBlanks(source, i + 1, end) === end ? form : undefined;
  for (;;) {
    if (source[i] !== '"') return undefined;
    const s = readString(source, i, end);
    if (!s) return undefined;
    form.values.push(s.value);
    form.spans.push([i, s.next]);
    i = skipBlanks(source, s.next, end);
    if (source[i] === ',') {
      i = skipBlanks(source, i + 1, end);
      continue;
    }
    if (source[i] === ']') break;
    return undefined;
  }
  return skipBlanks(source, i + 1, end) === end ? form : undefined;
}

/**
 * The decoded value of the literal at `span` as a MappedText whose offsets map back through
 * `logical` to the host, escapes included (`\"` is one character standing for two).
 */
export function decodeMapped(logical: MappedText, span: [number, number]): MappedText {
  const source = logical.text;
  const out = new MappedText();
  let run = span[0] + 1;
  let j = run;
  const end = span[1] - 1;
  while (j < end) {
    if (source[j] !== '\\') {
      j++;
      continue;
    }
    out.appendMapped(logical, run, j);
    const e = source[j + 1];
    const width = e === 'u' ? 6 : 2;
    const decoded = e === 'u' ? String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16)) : (SIMPLE_ESCAPES[e] ?? e);
    const hostStart = logical.toHost(j);
    out.appendSynthetic(decoded, hostStart, logical.toHost(j + width, true) - hostStart);
    j += width;
    run = j;
  }
  out.appendMapped(logical, run, end);
  return out;
}

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

export function isPosixShell(program: string | undefined): boolean {
  if (!program) return false;
  return POSIX_SHELLS.has(program.slice(program.lastIndexOf('/') + 1));
}

/** For `["sh", "-c", "script", …]`: the index of the script value. */
export function shellScriptIndex(values: string[]): number | undefined {
  if (!isPosixShell(values[0])) return undefined;
  for (let k = 1; k < values.length - 1; k++) {
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(values[k])) return k + 1;
    if (values[k] === '-o' || values[k] === '+o') k++;
    else if (!/^[-+]/.test(values[k])) return undefined;
  }
  return undefined;
}
