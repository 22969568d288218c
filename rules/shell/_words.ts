/**
 * Generic pieces of the shell detectors: the hit type, edits that remove words or whole commands
 * from a script without breaking its layout, and `sh -c '…'` strings parsed as scripts of their own.
 */
import type { Range, TextEdit } from '../../server/src/core/types';
import { effectiveCommand, findFlag, programName } from '../../server/src/parsers/shell/commands';
import type { ShellCommand, ShellScript, ShellWord } from '../../server/src/parsers/shell/model';
import { parseShell } from '../../server/src/parsers/shell/parse';

export interface ShellHit {
  /** The offending word (or token), in script offsets and host range. */
  start: number;
  end: number;
  range: Range;
  /** What was found, for messages: `curl -k`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `curl … | sh`. */
  what: string;
  /** Host edits removing the problem; absent when no clean textual removal exists. */
  edits?: TextEdit[];
  /** tls-verification-disabled: whether transport (TLS) or package-signature checks are switched off. */
  kind?: 'tls' | 'signature';
  /** curl-pipe-shell: the URL downloaded, when it is a static word. */
  url?: string;
}

// ---- generic helpers ---------------------------------------------------------------------------

/** Words of a command in source order: name then args (wrappers included). */
function wordsOf(cmd: ShellCommand): ShellWord[] {
  return cmd.name ? [cmd.name, ...cmd.args] : [...cmd.args];
}

/**
 * Removes one or more consecutive words of a command. The removal runs up to the next word so that
 * a flag alone on a continuation line takes its `\` line with it; a trailing flag instead takes the
 * whitespace before it, so the command never ends in a dangling continuation.
 */
export function removeWordsEdit(cmd: ShellCommand, first: ShellWord, last: ShellWord = first): TextEdit {
  const words = wordsOf(cmd);
  const after = words.find((w) => w.start >= last.end);
  if (after) return { range: { start: first.range.start, end: after.range.start }, newText: '' };
  const before = [...words].reverse().find((w) => w.end <= first.start);
  if (before) return { range: { start: before.range.end, end: last.range.end }, newText: '' };
  return { range: { start: first.range.start, end: last.range.end }, newText: '' };
}

const KEYWORD_AFTER = /^(fi|done|esac|then|do|else|elif|\}|\))\b/;

/**
 * Removes a whole command from a `&&`/`;`/newline list, with its connector. Undefined when the
 * command is not a plain list member (inside a pipeline, a condition, or the only command).
 */
export function removeCommandEdit(script: ShellScript, cmd: ShellCommand): TextEdit | undefined {
  if (cmd.pipeline) return undefined;
  const src = script.source;
  let i = cmd.end;
  while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  let connector = '';
  if (src.startsWith('&&', i)) connector = '&&';
  else if (src[i] === ';' && src[i + 1] !== ';') connector = ';';
  else if (src[i] === '\n') connector = '\n';
  let j = i + connector.length;
  while (j < src.length && /\s/.test(src[j])) j++;
  const before = precedingToken(src, cmd.start);
  const startsList = before.token === '' || before.token === '&&' || before.token === ';' || before.token === '\n';
  if (!startsList) return undefined;
  if (connector && j < src.length && !KEYWORD_AFTER.test(src.slice(j))) {
    return { range: script.toHostRange(cmd.start, j), newText: '' };
  }
  if (!connector && i >= src.length && before.token !== '' && before.token !== '\n') {
    // Last command of the list: take the connector before it.
    return { range: script.toHostRange(before.end, cmd.end), newText: '' };
  }
  return undefined;
}

/** The list operator before `offset` (`''` at the start of the script) and where the previous text ends. */
function precedingToken(src: string, offset: number): { token: string; end: number } {
  let i = offset;
  while (i > 0 && (src[i - 1] === ' ' || src[i - 1] === '\t')) i--;
  if (i === 0) return { token: '', end: 0 };
  let token = '';
  if (src.slice(i - 2, i) === '&&') token = '&&';
  else if (src[i - 1] === ';' && src[i - 2] !== ';') token = ';';
  else if (src[i - 1] === '\n') token = '\n';
  else return { token: src[i - 1], end: i };
  let k = i - token.length;
  while (k > 0 && /\s/.test(src[k - 1])) k--;
  return { token: k === 0 ? '' : token, end: k };
}

/**
 * The script plus the scripts of `sh -c '…'`/`bash -c "…"` arguments that are plain static strings,
 * parsed with ranges mapped back into the host document.
 */
export function withNestedScripts(script: ShellScript): ShellScript[] {
  // Models are cached per file version, so their scripts are stable keys; nested parses are not free.
  let hit = nestedCache.get(script);
  if (!hit) nestedCache.set(script, (hit = nestedScripts(script, 0)));
  return hit;
}

const nestedCache = new WeakMap<ShellScript, ShellScript[]>();

function nestedScripts(script: ShellScript, depth: number): ShellScript[] {
  const out = [script];
  if (depth > 2) return out;
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    if (!eff || !SHELLS.has(programName(eff.name) ?? '')) continue;
    const c = findFlag(eff.args, ['c'], []);
    if (!c) continue;
    const body = eff.args[eff.args.indexOf(c) + 1];
    if (!body || body.dynamic) continue;
    const raw = body.raw;
    const q = raw[0];
    // Offsets map 1:1 only inside single quotes or escape-free double quotes.
    if (!((q === "'" || q === '"') && raw.endsWith(q) && raw.length >= 2)) continue;
    const inner = raw.slice(1, -1);
    if (q === '"' && /[\\$`]/.test(inner)) continue;
    const base = body.start + 1;
    try {
      const nested = parseShell(inner, (s, e) => script.toHostRange(base + s, base + e));
      out.push(...nestedScripts(nested, depth + 1));
    } catch {
      // Grammar not loaded: the outer script is still analysed.
    }
  }
  return out;
}

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh']);
export const FALSY = new Set(['false', '0', 'no', 'off']);

export function hit(word: { start: number; end: number; range: Range }, what: string, edits?: TextEdit[]): ShellHit {
  return { start: word.start, end: word.end, range: word.range, what, edits };
}
