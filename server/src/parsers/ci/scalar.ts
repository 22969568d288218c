/**
 * Maps the characters of a YAML scalar's value back to offsets in the document, so that a shell
 * word inside a `run: |` block (or a quoted one-liner) gets a range on the line where it is written.
 *
 * The `yaml` package gives a node's value and its source range but not where each value character
 * came from. We re-decode the source slice ourselves, keeping an offset per character, and trust
 * the result only when it reproduces the parser's value exactly; otherwise every character maps to
 * the scalar's start (a coarse but never wrong range).
 */

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface ScalarSource {
  value: string;
  style: ScalarStyle;
  /** `offsets[i]` is the document offset of `value[i]`; `offsets[value.length]` the end of the last. */
  offsets: Int32Array;
  /** Document offset just after what produced `value[i]` (an escape like `\"` or `''` spans two or more). */
  ends: Int32Array;
  /** True when each character was located; false for the coarse fallback. */
  exact: boolean;
  /** Document offsets of the scalar as written (indicator or quotes included). */
  start: number;
  end: number;
}

interface Decoded {
  value: string;
  offsets: number[];
}

export function mapScalar(text: string, value: string, style: ScalarStyle | undefined, start: number, end: number): ScalarSource {
  const s = style ?? 'PLAIN';
  let decoded: Decoded | undefined;
  try {
    const src = text.slice(start, end);
    if (s === 'BLOCK_LITERAL' || s === 'BLOCK_FOLDED') decoded = decodeBlock(src, s === 'BLOCK_FOLDED');
    else if (s === 'QUOTE_SINGLE') decoded = decodeFlow(src.slice(1, src.lastIndexOf("'")), 1, 'single');
    else if (s === 'QUOTE_DOUBLE') decoded = decodeFlow(src.slice(1, src.lastIndexOf('"')), 1, 'double');
    else decoded = decodeFlow(src, 0, 'plain');
  } catch {
    decoded = undefined;
  }
  if (decoded && decoded.value === value) {
    const offsets = new Int32Array(value.length + 1);
    const ends = new Int32Array(value.length + 1);
    for (let i = 0; i < value.length; i++) {
      const at = (offsets[i] = start + decoded.offsets[i]);
      ends[i] = at + sourceLength(text, at, s);
    }
    offsets[value.length] = ends[value.length] = value.length > 0 ? ends[value.length - 1] : start;
    return { value, style: s, offsets, ends, exact: true, start, end };
  }
  const offsets = new Int32Array(value.length + 1).fill(start);
  return { value, style: s, offsets, ends: offsets, exact: false, start, end };
}

/** How many document characters produced the value character at `at`: escapes are longer than one. */
function sourceLength(text: string, at: number, style: ScalarStyle): number {
  if (style === 'QUOTE_SINGLE' && text[at] === "'" && text[at + 1] === "'") return 2;
  if (style !== 'QUOTE_DOUBLE' || text[at] !== '\\') return 1;
  const e = text[at + 1];
  return e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
}

/** Offsets (document) of value[from, to) as a start/end pair; end is just after the last character. */
export function spanOf(scalar: ScalarSource, from: number, to: number): { start: number; end: number } {
  const a = Math.max(0, Math.min(from, scalar.value.length));
  const b = Math.max(a, Math.min(to, scalar.value.length));
  if (!scalar.exact) return { start: scalar.start, end: scalar.start };
  if (b === a) return { start: scalar.offsets[a], end: scalar.offsets[a] };
  return { start: scalar.offsets[a], end: scalar.ends[b - 1] };
}

/**
 * Whether value[from, to) is written verbatim and contiguously in the document, so that replacing
 * that document span replaces exactly those value characters (no escapes, no folded line breaks).
 */
export function isVerbatim(scalar: ScalarSource, text: string, from: number, to: number): boolean {
  if (!scalar.exact || to <= from) return false;
  for (let i = from + 1; i < to; i++) if (scalar.offsets[i] !== scalar.offsets[i - 1] + 1) return false;
  const span = spanOf(scalar, from, to);
  return text.slice(span.start, span.end) === scalar.value.slice(from, to);
}

function decodeBlock(src: string, folded: boolean): Decoded | undefined {
  const headerEnd = src.indexOf('\n');
  const header = (headerEnd < 0 ? src : src.slice(0, headerEnd)).replace(/\s+#.*$/, '').trim();
  const m = /^[|>]([+-]?)([1-9]?)([+-]?)$/.exec(header);
  if (!m) return undefined;
  const chomp = m[1] || m[3] || '';
  if (m[2]) return undefined; // explicit indentation is relative to the parent: leave it to the fallback
  if (headerEnd < 0) return { value: '', offsets: [] };
  const lines: { start: number; text: string }[] = [];
  let pos = headerEnd + 1;
  while (pos <= src.length) {
    const nl = src.indexOf('\n', pos);
    const endOfLine = nl < 0 ? src.length : nl;
    let lineText = src.slice(pos, endOfLine);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    lines.push({ start: pos, text: lineText });
    if (nl < 0) break;
    pos = nl + 1;
  }
  // The parser's range ends after the final line break: drop the phantom empty line that follows it.
  if (lines.length && lines[lines.length - 1].text === '' && src.endsWith('\n')) lines.pop();
  let indent = -1;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    indent = l.text.length - l.text.trimStart().length;
    break;
  }
  if (indent < 0) return { value: chomp === '+' ? '\n'.repeat(lines.length) : '', offsets: Array(chomp === '+' ? lines.length : 0).fill(0) };
  const out: string[] = [];
  const offs: number[] = [];
  const push = (s: string, at: number, step = true) => {
    for (let i = 0; i < s.length; i++) {
      out.push(s[i]);
      offs.push(step ? at + i : at);
    }
  };
  // Content lines: everything after the indentation; blank lines contribute line breaks.
  let lastContent = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i].text.length > indent || lines[i].text.trim() !== '') lastContent = i;
  const body = lines.slice(0, lastContent + 1);
  let prevKind: 'none' | 'normal' | 'more' = 'none';
  let pendingBreaks: number[] = []; // offsets of line ends not yet emitted
  for (const l of body) {
    const isBlank = l.text.slice(indent).length === 0 && l.text.trim() === '';
    const content = l.text.length > indent ? l.text.slice(indent) : '';
    if (isBlank) {
      pendingBreaks.push(l.start + l.text.length);
      continue;
    }
    const kind = /^[ \t]/.test(content) ? 'more' : 'normal';
    if (prevKind !== 'none') {
      if (!folded) for (const b of pendingBreaks) push('\n', b);
      else if (prevKind === 'normal' && kind === 'normal') {
        // One break between normal lines folds to a space; n blank lines give n breaks.
        if (pendingBreaks.length === 1) push(' ', pendingBreaks[0]);
        else for (const b of pendingBreaks.slice(1)) push('\n', b);
      } else for (const b of pendingBreaks) push('\n', b);
    } else for (const b of pendingBreaks) push('\n', b);
    pendingBreaks = [l.start + l.text.length];
    push(content, l.start + indent);
    prevKind = kind;
  }
  const trailing = lines.slice(lastContent + 1).map((l) => l.start + l.text.length);
  if (chomp === '-') {
    /* strip: nothing */
  } else if (chomp === '+') {
    for (const b of pendingBreaks) push('\n', b);
    for (const b of trailing) push('\n', b);
  } else if (out.length && pendingBreaks.length) push('\n', pendingBreaks[0]);
  if (prevKind === 'none' && pendingBreaks.length === 0) return { value: '', offsets: [] };
  return { value: out.join(''), offsets: offs };
}

/** Plain and quoted scalars: line folding plus the style's escapes. `base` is the offset of `src` in the scalar. */
function decodeFlow(src: string, base: number, style: 'plain' | 'single' | 'double'): Decoded {
  const out: string[] = [];
  const offs: number[] = [];
  // Characters produced by escapes (`\t`, `\ `) are content, never folded away as trailing space.
  const escapedAt = new Set<number>();
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      // Fold: trailing spaces of this line were already emitted; strip them, then count blank lines.
      while (out.length && (out[out.length - 1] === ' ' || out[out.length - 1] === '\t') && !escapedAt.has(out.length - 1)) {
        out.pop();
        offs.pop();
      }
      const breakAt = i;
      let breaks = 0;
      let j = i;
      for (;;) {
        if (src[j] === '\r') j++;
        if (src[j] !== '\n') break;
        j++;
        breaks++;
        while (j < n && (src[j] === ' ' || src[j] === '\t')) j++;
      }
      if (breaks === 1) {
        out.push(' ');
        offs.push(base + breakAt);
      } else for (let k = 1; k < breaks; k++) {
        out.push('\n');
        offs.push(base + breakAt);
      }
      i = j;
      continue;
    }
    if (style === 'single' && c === "'" && src[i + 1] === "'") {
      out.push("'");
      offs.push(base + i);
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const e = src[i + 1];
      if (e === '\n' || e === '\r') {
        // Escaped line break: joins the lines with nothing in between.
        let j = i + 1;
        if (src[j] === '\r') j++;
        j++;
        while (j < n && (src[j] === ' ' || src[j] === '\t')) j++;
        i = j;
        continue;
      }
      const decoded = decodeEscape(src, i);
      if (!decoded) throw new Error('bad escape');
      for (const ch of decoded.text) {
        escapedAt.add(out.length);
        out.push(ch);
        offs.push(base + i);
      }
      i = decoded.next;
      continue;
    }
    out.push(c);
    offs.push(base + i);
    i++;
  }
  // Plain scalars never keep surrounding whitespace.
  if (style === 'plain') {
    while (out.length && /\s/.test(out[out.length - 1])) {
      out.pop();
      offs.pop();
    }
  }
  return { value: out.join(''), offsets: offs };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function decodeEscape(src: string, i: number): { text: string; next: number } | undefined {
  const e = src[i + 1];
  if (e in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[e], next: i + 2 };
  const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (!len) return undefined;
  const hex = src.slice(i + 2, i + 2 + len);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
  return { text: String.fromCodePoint(parseInt(hex, 16)), next: i + 2 + len };
}
