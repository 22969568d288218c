/**
 * Reasoning about the command a container starts with: `sh -c` scripts in exec form, the command
 * that ends a script, and whether it is safe to `exec` it or to turn shell form into JSON.
 */
import type { ShellCommand, ShellScript } from '../../server/src/parsers/shell/model';
import { basename } from './_a';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** Builtins and keywords that only exist inside a shell: no JSON form, no `exec` in front. */
const SHELL_ONLY = new Set([
  'exec', 'cd', '.', 'source', 'export', 'set', 'eval', 'ulimit', 'umask', 'trap', 'wait', 'alias', 'unset', 'shift',
  'read', 'local', 'declare', 'typeset', 'readonly', 'return', 'exit', 'break', 'continue', 'builtin', 'command',
  'let', '[[', 'shopt', 'hash', 'type', 'jobs', 'fg', 'bg', 'disown', 'times', 'getopts', 'printf', 'echo', ':',
]);

export interface ShellDashC {
  /** Index of the script in the exec-form array. */
  index: number;
  script: string;
  shell: string;
}

/** `["sh", "-c", "…"]`, `["/bin/bash", "-lc", "…"]`, `["/usr/bin/env", "bash", "-ec", "…"]`. */
export function shellDashC(values: readonly string[]): ShellDashC | undefined {
  let i = 0;
  if (basename(values[0] ?? '') === 'env' && values.length > 1 && !values[1].startsWith('-') && !values[1].includes('=')) i = 1;
  let shell = basename(values[i] ?? '');
  if (shell === 'busybox' && values[i + 1] === 'sh') {
    i++;
    shell = 'sh';
  }
  if (!SHELLS.has(shell)) return undefined;
  i++;
  let sawC = false;
  while (i < values.length && /^[-+]/.test(values[i]) && values[i] !== '-' && values[i] !== '--') {
    const v = values[i];
    if (/^-[a-zA-Z]+$/.test(v) && v.includes('c')) sawC = true;
    if (v === '-o' || v === '+o' || v === '-O' || v === '+O') i++;
    i++;
  }
  if (values[i] === '--') i++;
  if (!sawC || i >= values.length) return undefined;
  return { index: i, script: values[i], shell };
}

function contains(outer: ShellCommand, inner: ShellCommand): boolean {
  return outer !== inner && outer.start <= inner.start && inner.end <= outer.end && (outer.start < inner.start || inner.end < outer.end);
}

/** The last command at the top level of the script (not one inside `$(…)` of another command). */
export function finalCommand(script: ShellScript): ShellCommand | undefined {
  let last: ShellCommand | undefined;
  for (const c of script.commands) {
    if (!c.name) continue;
    if (script.commands.some((o) => contains(o, c))) continue;
    if (!last || c.start > last.start) last = c;
  }
  return last;
}

export function setsTrap(script: ShellScript): boolean {
  return script.commands.some((c) => c.name?.text === 'trap');
}

/** Whether the script hands its process over to the final program (`… && exec gunicorn app`). */
export function execsFinalProgram(script: ShellScript): boolean {
  const last = finalCommand(script);
  return last?.name?.text === 'exec';
}

/**
 * Offset in the script where `exec ` can be inserted without changing anything but the process
 * tree: the final command is a plain program at the top level, last in the script, not in a
 * pipeline, after nothing but `&&`, `||`, `;` or a newline.
 */
export function execInsertionPoint(script: ShellScript): number | undefined {
  if (script.hasErrors) return undefined;
  const last = finalCommand(script);
  if (!last?.name || last.name.dynamic || last.pipeline || last.assignments.length) return undefined;
  const name = last.name.text;
  if (SHELL_ONLY.has(name)) return undefined;
  const after = script.source.slice(last.end);
  if (!/^[\s;]*$/.test(after)) return undefined;
  const before = script.source.slice(0, last.start).replace(/\s+$/, '');
  if (before !== '' && !/(&&|\|\||;|\n)$/.test(script.source.slice(0, last.start).replace(/[ \t]+$/, ''))) return undefined;
  // A function defined in the script cannot be exec'd.
  if (new RegExp(`(^|[\\s;])(function\\s+)?${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\s*\\(\\)`).test(script.source)) return undefined;
  return last.name.start;
}

/** Characters the shell treats specially when unquoted in a word (globs, tilde, braces). */
function hasUnquotedSpecial(raw: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if ('*?[]~{}'.includes(c)) return true;
  }
  return false;
}

/**
 * The exec-form words of a shell-form command that is one static simple command (no expansions,
 * operators, redirections, globs or builtins), or undefined when converting would change meaning.
 */
export function staticArgv(script: ShellScript): string[] | undefined {
  if (script.hasErrors || script.commands.length !== 1) return undefined;
  const cmd = script.commands[0];
  if (!cmd.name || cmd.assignments.length || cmd.pipeline) return undefined;
  const outside = script.source.slice(0, cmd.start) + script.source.slice(cmd.end);
  if (outside.trim() !== '') return undefined;
  const words = [cmd.name, ...cmd.args];
  // Redirections are not words: the words must cover the command text with blanks between them.
  let covered = cmd.start;
  for (const w of words) {
    if (w.dynamic || hasUnquotedSpecial(w.raw)) return undefined;
    if (script.source.slice(covered, w.start).trim() !== '') return undefined;
    covered = w.end;
  }
  if (script.source.slice(covered, cmd.end).trim() !== '') return undefined;
  if (SHELL_ONLY.has(cmd.name.text)) return undefined;
  return words.map((w) => w.text);
}

/** Exec-form JSON as Docker parses it (double quotes, JSON escapes). */
export function toJsonArray(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
