/**
 * Quote removal for one shell word, done in JS on the word's source text: asking tree-sitter for
 * every child of every word costs a WASM round trip per node, which dominated parse time.
 */
import type { ShellAssignment, ShellCommand, ShellScript, ShellWord } from './model';

export interface UnquotedWord {
  text: string;
  dynamic: boolean;
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Whether `$` at `i` starts an expansion (`$VAR`, `${…}`, `$(…)`, `$1`, `$@`…). */
function startsExpansion(raw: string, i: number): boolean {
  const next = raw.charAt(i + 1);
  return next !== '' && /[A-Za-z_{(0-9@*#?$!-]/.test(next);
}

/** Removes quotes and backslashes like the shell would; expansions make the word dynamic. */
export function unquoteWord(raw: string): UnquotedWord {
  // Fast path: nothing to remove.
  if (!/['"\\$`]/.test(raw)) return { text: raw, dynamic: false };
  // Stops at the first expansion: a dynamic word's text is its raw text.
  let out = '';
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const c = raw[i];
    if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"' || (c === '$' && raw[i + 1] === '"')) {
      i += c === '$' ? 2 : 1;
      while (i < n && raw[i] !== '"') {
        const d = raw[i];
        if (d === '\\' && i + 1 < n) {
          const e = raw[i + 1];
          if (e === '$' || e === '`' || e === '"' || e === '\\') out += e;
          else if (e !== '\n') out += d + e;
          i += 2;
          continue;
        }
        if ((d === '$' && startsExpansion(raw, i)) || d === '`') return { text: raw, dynamic: true };
        out += d;
        i++;
      }
      i++;
    } else if (c === '$' && raw[i + 1] === "'") {
      i += 2;
      while (i < n && raw[i] !== "'") {
        if (raw[i] === '\\' && i + 1 < n) {
          const e = raw[i + 1];
          out += ANSI_ESCAPES[e] ?? '\\' + e;
          i += 2;
        } else out += raw[i++];
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < n && raw[i + 1] !== '\n') out += raw[i + 1];
      i += 2;
    } else {
      if ((c === '$' && startsExpansion(raw, i)) || c === '`') return { text: raw, dynamic: true };
      out += c;
      i++;
    }
  }
  return { text: out, dynamic: false };
}

/** Whether a word's source may contain commands that run (`$(…)`, backticks, `<(…)`, `>(…)`). */
export function mayContainCommands(raw: string): boolean {
  return raw.includes('$(') || raw.includes('`') || raw.includes('<(') || raw.includes('>(');
}

export function makeWord(script: ShellScript, start: number, end: number): ShellWord {
  const raw = script.source.slice(start, end);
  const { text, dynamic } = unquoteWord(raw);
  return { text, raw, dynamic, range: script.toHostRange(start, end), start, end };
}

export function makeAssignment(script: ShellScript, start: number, end: number): ShellAssignment {
  const raw = script.source.slice(start, end);
  const eq = raw.indexOf('=');
  const name = (eq < 0 ? raw : raw.slice(0, eq)).replace(/\+$/, '');
  const value = eq < 0 ? '' : unquoteWord(raw.slice(eq + 1)).text;
  return { name, value, range: script.toHostRange(start, end) };
}

export function newCommand(script: ShellScript, start: number, end: number): ShellCommand {
  const command: ShellCommand = {
    name: null,
    args: [],
    assignments: [],
    range: script.toHostRange(start, end),
    start,
    end,
    index: script.commands.length,
  };
  script.commands.push(command);
  return command;
}
