import type { Range } from '../../core/types';

/**
 * A tolerant reader of nginx configuration: directives with arguments and optional blocks. It never
 * throws: an unbalanced `}` is skipped, an unterminated block or string ends at end of file, and a
 * directive missing its `;` ends at the next `}` or line holding a new directive name. `include` is
 * kept as a plain directive (we never read other files from here: the caller sees every nginx file of
 * the workspace anyway).
 */

export interface NginxWord {
  /** Unquoted value (quotes removed, `\"` unescaped). */
  value: string;
  range: Range;
  quoted: boolean;
}

export interface NginxDirective {
  name: string;
  nameRange: Range;
  args: NginxWord[];
  /** From the name to the `;`/`{` (or the last argument when the terminator is missing). */
  range: Range;
  /** Child directives when the directive opens a block (`server { … }`), else undefined. */
  block?: NginxDirective[];
}

type Token =
  | { type: 'word'; word: NginxWord }
  | { type: '{' | '}' | ';'; range: Range };

/** Splits the text into words, quoted strings and punctuation; comments are dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let col = 0;
  let i = 0;
  const n = text.length;
  const advance = (ch: string): void => {
    if (ch === '\n') { line++; col = 0; } else col++;
    i++;
  };
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') { advance(ch); continue; }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') advance(text[i]);
      continue;
    }
    if (ch === '{' || ch === '}' || ch === ';') {
      tokens.push({ type: ch, range: { start: { line, character: col }, end: { line, character: col + 1 } } });
      advance(ch);
      continue;
    }
    const start = { line, character: col };
    let value = '';
    if (ch === '"' || ch === "'") {
      advance(ch);
      while (i < n && text[i] !== ch) {
        if (text[i] === '\\' && i + 1 < n) { value += text[i + 1]; advance(text[i]); advance(text[i]); continue; }
        value += text[i];
        advance(text[i]);
      }
      if (i < n) advance(ch);
      tokens.push({ type: 'word', word: { value, range: { start, end: { line, character: col } }, quoted: true } });
      continue;
    }
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';' || c === '"' || c === "'") break;
      // `${var}` keeps its braces; a bare `{`/`}` ends the word.
      if (c === '{' && value.endsWith('$')) {
        while (i < n && text[i] !== '}' && text[i] !== '\n') { value += text[i]; advance(text[i]); }
        if (i < n && text[i] === '}') { value += '}'; advance('}'); }
        continue;
      }
      if (c === '{' || c === '}') break;
      if (c === '#' && value === '') break;
      if (c === '\\' && i + 1 < n) { value += text[i + 1]; advance(c); advance(text[i]); continue; }
      value += c;
      advance(c);
    }
    tokens.push({ type: 'word', word: { value, range: { start, end: { line, character: col } }, quoted: false } });
  }
  return tokens;
}

/** Parses a whole file into its top-level directives. */
export function parseNginx(text: string): NginxDirective[] {
  const tokens = tokenize(text);
  const root: NginxDirective[] = [];
  // Explicit stack instead of recursion: deeply nested or hostile input cannot overflow.
  const stack: NginxDirective[][] = [root];
  let current: NginxDirective | undefined;
  const finish = (end: Range['end']): void => {
    if (!current) return;
    current.range = { start: current.nameRange.start, end };
    stack[stack.length - 1].push(current);
    current = undefined;
  };
  for (const token of tokens) {
    if (token.type === 'word') {
      if (!current) {
        current = { name: token.word.value, nameRange: token.word.range, args: [], range: token.word.range };
      } else if (token.word.range.start.line > lastLine(current) && current.args.length > 0 && !token.word.quoted && startsDirective(token.word.value)) {
        // A missing `;`: the previous directive ends at its last word, this word starts a new one.
        finish(lastEnd(current));
        current = { name: token.word.value, nameRange: token.word.range, args: [], range: token.word.range };
      } else {
        current.args.push(token.word);
      }
    } else if (token.type === ';') {
      finish(token.range.end);
    } else if (token.type === '{') {
      const block: NginxDirective[] = [];
      if (!current) current = { name: '', nameRange: token.range, args: [], range: token.range };
      current.block = block;
      finish(token.range.end);
      stack.push(block);
    } else {
      if (current) finish(lastEnd(current));
      if (stack.length > 1) stack.pop();
    }
  }
  if (current) finish(lastEnd(current));
  return root;
}

function lastEnd(d: NginxDirective): Range['end'] {
  return d.args.length ? d.args[d.args.length - 1].range.end : d.nameRange.end;
}

function lastLine(d: NginxDirective): number {
  return lastEnd(d).line;
}

/**
 * A word on a new line starts a new directive (the previous one lost its `;`) only when it is a name
 * we look for: continuation lines of multi-line directives (`log_format`, `limit_req … burst=`) are
 * legal nginx and must stay arguments.
 */
function startsDirective(word: string): boolean {
  return EVIDENCE_NAMES.has(word) || word.startsWith('ssl_');
}

const EVIDENCE_NAMES = new Set(['limit_req', 'limit_req_zone', 'limit_conn', 'add_header', 'more_set_headers', 'server_tokens', 'listen', 'server_name', 'location', 'proxy_pass', 'include', 'root']);

/** Every directive of the tree, depth first, without recursion. */
export function* walkNginx(directives: NginxDirective[]): Generator<NginxDirective> {
  const stack: NginxDirective[] = [...directives].reverse();
  while (stack.length) {
    const d = stack.pop()!;
    yield d;
    if (d.block) for (let k = d.block.length - 1; k >= 0; k--) stack.push(d.block[k]);
  }
}
