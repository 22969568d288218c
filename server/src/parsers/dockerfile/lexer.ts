/**
 * Line-level Dockerfile lexing, following BuildKit's rules: parser directives at the very top, an
 * instruction continues while a line ends with the escape character (trailing blanks allowed),
 * blank and comment lines inside a continued instruction are dropped, and RUN/COPY/ADD heredoc
 * bodies follow the instruction's last line. One linear pass; nothing here is quadratic.
 *
 * dockerfile-ast was measured at ~35 ms for a 2,000-line file and ~3 s for 5 MB before any shell
 * parsing, and its argument model does not keep the offset maps we need, hence this lexer.
 */
import { LineIndex } from '../../workspace/line-index';
import { MappedText } from './source-map';

export interface RawHeredoc {
  name: string;
  /** `<<-`: leading tabs are stripped from body lines and the terminator. */
  stripTabs: boolean;
  /** `<<"EOF"`/`<<'EOF'`: no expansion in the body. */
  quoted: boolean;
  /** Offsets of the `<<EOF` marker in the instruction's logical text. */
  markerStart: number;
  markerEnd: number;
  /** Body lines `[bodyFirst, bodyEnd)`; the terminator line, or -1 when the heredoc never ends. */
  bodyFirst: number;
  bodyEnd: number;
  terminator: number;
}

export interface RawInstruction {
  /** The instruction from its keyword on, continuations and interleaved comments removed. */
  logical: MappedText;
  /** Host offsets: keyword start, end of the instruction line(s), end including heredoc bodies. */
  start: number;
  end: number;
  fullEnd: number;
  heredocs: RawHeredoc[];
}

export interface RawDirective {
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface LexResult {
  escapeChar: string;
  directives: RawDirective[];
  instructions: RawInstruction[];
  errors: { start: number; end: number; message: string }[];
  lines: LineIndex;
}

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.+?)\s*$/;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

function isBlankChar(code: number): boolean {
  return code === 32 || code === 9 || code === 0xfeff;
}

export function lexDockerfile(text: string): LexResult {
  const lines = new LineIndex(text);
  const count = lines.lineCount;
  const result: LexResult = { escapeChar: '\\', directives: [], instructions: [], errors: [], lines };

  const firstNonBlank = (line: number): number => {
    const end = lines.lineEnd(line);
    let i = lines.lineStart(line);
    while (i < end && isBlankChar(text.charCodeAt(i))) i++;
    return i;
  };

  let line = 0;
  // Parser directives: only a run of directive lines at the very top counts.
  const seen = new Set<string>();
  for (; line < count; line++) {
    const start = firstNonBlank(line);
    const m = DIRECTIVE.exec(text.slice(start, lines.lineEnd(line)));
    if (!m) break;
    const name = m[1].toLowerCase();
    if (seen.has(name)) {
      result.errors.push({ start, end: lines.lineEnd(line), message: `Parser directive "${name}" is given more than once` });
    }
    seen.add(name);
    result.directives.push({ name, value: m[2], start, end: lines.lineEnd(line) });
    if (name === 'escape') {
      if (m[2] === '\\' || m[2] === '`') result.escapeChar = m[2];
      else result.errors.push({ start, end: lines.lineEnd(line), message: `Invalid escape character "${m[2]}": use \\ or \`` });
    }
  }
  const esc = result.escapeChar;
  const escCode = esc.charCodeAt(0);

  /** Offset of a trailing escape character (continuation), or -1. */
  const continuation = (l: number): number => {
    const start = lines.lineStart(l);
    let e = lines.lineEnd(l);
    while (e > start && isBlankChar(text.charCodeAt(e - 1))) e--;
    return e > start && text.charCodeAt(e - 1) === escCode ? e - 1 : -1;
  };

  while (line < count) {
    const start = firstNonBlank(line);
    const lineEnd = lines.lineEnd(line);
    if (start === lineEnd || text.charCodeAt(start) === 35 /* # */) {
      line++;
      continue;
    }
    const logical = new MappedText();
    let cont = continuation(line);
    logical.appendHost(text, start, cont >= 0 ? cont : lineEnd);
    while (cont >= 0 && line + 1 < count) {
      line++;
      const s = firstNonBlank(line);
      if (s === lines.lineEnd(line) || text.charCodeAt(s) === 35) continue;
      cont = continuation(line);
      logical.appendHost(text, lines.lineStart(line), cont >= 0 ? cont : lines.lineEnd(line));
    }
    line++;
    const source = logical.text;
    let trimmed = source.length;
    while (trimmed > 0 && isBlankChar(source.charCodeAt(trimmed - 1))) trimmed--;
    const instruction: RawInstruction = {
      logical,
      start,
      end: logical.toHost(trimmed, true),
      fullEnd: 0,
      heredocs: [],
    };
    const keyword = /^\S*/.exec(source)?.[0].toUpperCase() ?? '';
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const marker of findHeredocMarkers(source, keyword.length, esc)) {
        const heredoc: RawHeredoc = { ...marker, bodyFirst: line, bodyEnd: line, terminator: -1 };
        for (; line < count; line++) {
          let s = lines.lineStart(line);
          const e = lines.lineEnd(line);
          if (marker.stripTabs) while (s < e && text.charCodeAt(s) === 9) s++;
          if (e - s === marker.name.length && text.startsWith(marker.name, s)) {
            heredoc.terminator = line;
            break;
          }
        }
        heredoc.bodyEnd = line;
        if (heredoc.terminator < 0) {
          const at = logical.toHost(marker.markerStart);
          result.errors.push({ start: at, end: logical.toHost(marker.markerEnd, true), message: `Unterminated heredoc: no line "${marker.name}" ends it` });
        } else line++;
        instruction.heredocs.push(heredoc);
      }
    }
    const last = instruction.heredocs[instruction.heredocs.length - 1];
    instruction.fullEnd = last ? lines.lineEnd(Math.max(last.terminator, last.bodyEnd - 1, 0)) : instruction.end;
    if (instruction.fullEnd < instruction.end) instruction.fullEnd = instruction.end;
    result.instructions.push(instruction);
  }
  return result;
}

export interface HeredocMarker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  markerStart: number;
  markerEnd: number;
}

/**
 * `<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF` words outside quotes. Like BuildKit, the marker must start
 * a word (`cat<<EOF` is not a Dockerfile heredoc) and `<<<` is a here-string.
 */
export function findHeredocMarkers(source: string, from: number, esc: string): HeredocMarker[] {
  const markers: HeredocMarker[] = [];
  const n = source.length;
  let i = from;
  while (i < n) {
    const c = source[i];
    if (c === esc || c === '\\') {
      i += 2;
    } else if (c === "'") {
      const close = source.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
    } else if (c === '"') {
      i++;
      while (i < n && source[i] !== '"') i += source[i] === '\\' || source[i] === esc ? 2 : 1;
      i++;
    } else if (c === '<' && source[i + 1] === '<') {
      if (source[i + 2] === '<') {
        i += 3;
        continue;
      }
      let p = i - 1;
      while (p >= from && source.charCodeAt(p) >= 48 && source.charCodeAt(p) <= 57) p--;
      const wordStart = p < from || /\s/.test(source[p]);
      let j = i + 2;
      const stripTabs = source[j] === '-';
      if (stripTabs) j++;
      const quote = source[j] === '"' || source[j] === "'" ? source[j] : '';
      if (quote) j++;
      const nameStart = j;
      while (j < n && !/[\s<>;|&()'"]/.test(source[j])) j++;
      const name = source.slice(nameStart, j);
      if (quote && source[j] === quote) j++;
      if (wordStart && name.length > 0) {
        markers.push({ name, stripTabs, quoted: quote !== '', markerStart: p + 1, markerEnd: j });
      }
      i = Math.max(j, i + 2);
    } else i++;
  }
  return markers;
}
