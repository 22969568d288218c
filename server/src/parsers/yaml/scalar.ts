/**
 * Maps the characters of a scalar's value back to the YAML text, so that a shell script inside a
 * YAML string (`command:`, `run: |`, `test: [CMD-SHELL, …]`) can be parsed and its findings point at
 * the offending word. The mapping is rebuilt from the raw text and checked against the value the
 * `yaml` library computed: when they differ (an escape or folding rule we do not model), callers get
 * the whole scalar's range instead of a wrong one.
 */
import { isScalar } from 'yaml';
import type { Range } from '../../core/types';
import type { YamlFile, YNode } from './parse';

export interface ScalarSource {
  value: string;
  /** Offset in the YAML text of each character of `value`; undefined when the mapping is not exact. */
  offsets: number[] | undefined;
  /** The scalar's own range (quotes included). */
  range: Range;
  /** Range in the YAML text of `value.slice(start, end)` (the whole scalar when the mapping is not exact). */
  toHostRange(start: number, end: number): Range;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

interface Builder {
  chars: string[];
  offsets: number[];
}

function push(b: Builder, s: string, offset: number): void {
  for (const ch of s) {
    b.chars.push(ch);
    b.offsets.push(offset);
  }
}

/** Lines of `raw` (which starts at `base`) as [text, start offset] pairs, without their line breaks. */
function splitLines(raw: string, base: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (;;) {
    const nl = raw.indexOf('\n', start);
    const end = nl < 0 ? raw.length : nl;
    const text = raw.slice(start, end).replace(/\r$/, '');
    out.push({ text, start: base + start });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** Flow scalars (plain and quoted): continuation lines are trimmed and joined by a space, or by `\n` per blank line. */
function buildFlow(raw: string, base: number, kind: 'plain' | 'double' | 'single'): Builder {
  const b: Builder = { chars: [], offsets: [] };
  const lines = splitLines(raw, base);
  let blankRun = 0;
  let escapedBreak = false;
  lines.forEach((line, index) => {
    let text = line.text;
    let start = line.start;
    if (index > 0) {
      const lead = text.length - text.trimStart().length;
      text = text.slice(lead);
      start += lead;
    }
    if (index < lines.length - 1) text = text.replace(/[ \t]+$/, '');
    if (index > 0 && text === '' && index < lines.length - 1) {
      blankRun++;
      return;
    }
    if (index > 0 && !escapedBreak) {
      const breakOffset = start - 1;
      if (blankRun > 0) for (let k = 0; k < blankRun; k++) push(b, '\n', breakOffset);
      else push(b, ' ', breakOffset);
    }
    blankRun = 0;
    escapedBreak = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (kind === 'single' && c === "'" && text[i + 1] === "'") {
        push(b, "'", start + i);
        i++;
      } else if (kind === 'double' && c === '\\') {
        const e = text[i + 1];
        if (e === undefined) {
          escapedBreak = true;
          break;
        }
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex) {
          const code = parseInt(text.slice(i + 2, i + 2 + hex), 16);
          push(b, Number.isFinite(code) ? String.fromCodePoint(code) : '', start + i);
          i += 1 + hex;
        } else {
          push(b, ESCAPES[e] ?? e, start + i);
          i++;
        }
      } else {
        b.chars.push(c);
        b.offsets.push(start + i);
      }
    }
  });
  return b;
}

/** Literal (`|`) and folded (`>`) block scalars: content lines after the header, minus their indentation. */
function buildBlock(raw: string, base: number, folded: boolean): Builder {
  const b: Builder = { chars: [], offsets: [] };
  const lines = splitLines(raw, base).slice(1);
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) return b;
  const indent = first.text.length - first.text.trimStart().length;
  let previousNormal = false;
  let pendingBreak = -1;
  for (const line of lines) {
    const text = line.text.slice(Math.min(indent, line.text.length));
    const start = line.start + Math.min(indent, line.text.length);
    const normal = text !== '' && text[0] !== ' ' && text[0] !== '\t';
    if (pendingBreak >= 0) {
      // Folding turns the break between two normal lines into a space; every other break stays.
      push(b, folded && previousNormal && normal && b.chars[b.chars.length - 1] !== '\n' ? ' ' : '\n', pendingBreak);
    }
    for (let i = 0; i < text.length; i++) {
      b.chars.push(text[i]);
      b.offsets.push(start + i);
    }
    if (folded && text === '' && pendingBreak >= 0 && b.chars[b.chars.length - 1] === ' ') {
      b.chars[b.chars.length - 1] = '\n';
    }
    previousNormal = normal || (text === '' && previousNormal);
    pendingBreak = start + text.length;
  }
  if (pendingBreak >= 0) push(b, '\n', pendingBreak);
  return b;
}

/** The value of a scalar node with its character offsets; undefined for non-string scalars and other nodes. */
export function scalarSource(file: YamlFile, node: YNode | null | undefined): ScalarSource | undefined {
  const n = file.resolve(node);
  if (!isScalar(n) || !n.range) return undefined;
  const value = file.str(n);
  if (value === undefined) return undefined;
  const [start, end] = n.range;
  const raw = file.text.slice(start, end);
  const range = file.offsetRange(start, end);
  let built: Builder | undefined;
  switch (n.type) {
    case 'PLAIN':
      built = buildFlow(raw, start, 'plain');
      break;
    case 'QUOTE_DOUBLE':
      built = buildFlow(raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined), start + 1, 'double');
      break;
    case 'QUOTE_SINGLE':
      built = buildFlow(raw.slice(1, raw.endsWith("'") && raw.length > 1 ? -1 : undefined), start + 1, 'single');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      if (!/^[|>][+-]?\s*(#.*)?$/.test(raw.slice(0, raw.indexOf('\n') < 0 ? raw.length : raw.indexOf('\n')).replace(/\r$/, ''))) break;
      built = buildBlock(raw, start, n.type === 'BLOCK_FOLDED');
      break;
  }
  let offsets: number[] | undefined;
  if (built) {
    const text = built.chars.join('');
    // Chomping only changes trailing line breaks: a prefix match with only breaks left over is exact.
    if (text === value || (text.startsWith(value) && /^\n*$/.test(text.slice(value.length)) && built.chars.length === text.length)) {
      offsets = built.chars.length === text.length ? built.offsets.slice(0, value.length) : undefined;
    }
  }
  return {
    value,
    offsets,
    range,
    toHostRange(s: number, e: number): Range {
      if (!offsets || offsets.length === 0) return range;
      const from = s >= offsets.length ? offsets[offsets.length - 1] + 1 : offsets[Math.max(0, s)];
      const to = e <= s ? from : offsets[Math.min(e, offsets.length) - 1] + 1;
      return file.offsetRange(from, Math.max(from, to));
    },
  };
}
