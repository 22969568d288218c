/**
 * Script bodies of CI files: decoding with a character map into the YAML text, shell parsing with
 * GitHub expressions masked, and per-command activities with the escapes that stop them failing.
 */
import type { ShellCommand, ShellScript } from '../shell/model';
import { parseShell } from '../shell/parse';
import { effectiveCommand, type EffectiveCommand } from '../shell/commands';
import type { YamlFile, YNode } from '../yaml/parse';
import { isScalar } from 'yaml';
import { classifyCommand, type ClassifyOptions } from './activity';
import { findExpressions } from './expressions';
import type { Activity, CiScript, Escape } from './model';
import { isVerbatim, mapScalar, spanOf, type ScalarStyle } from './scalar';

export type ScriptLanguage = CiScript['language'];

/** The language a GitHub `shell:` value (or the runner default) runs a script with. */
export function languageOfShell(shell: string | undefined): ScriptLanguage {
  if (shell === undefined) return 'shell';
  const s = shell.trim().split(/\s+/)[0].toLowerCase();
  if (s === 'bash' || s === 'sh' || s === 'zsh' || s === 'dash' || s === 'ash' || s.endsWith('/bash') || s.endsWith('/sh')) return 'shell';
  if (s === 'pwsh' || s === 'powershell') return 'pwsh';
  if (s === 'python' || s.startsWith('python')) return 'python';
  if (s === 'cmd') return 'cmd';
  return 'other';
}

/** Builds a script from a scalar node; undefined for anything that is not a string scalar. */
export function makeScript(yf: YamlFile, file: string, node: YNode | null | undefined, language: ScriptLanguage): CiScript | undefined {
  const n = yf.resolve(node);
  if (!isScalar(n) || !n.range || typeof n.value !== 'string') return undefined;
  const scalar = mapScalar(yf.text, n.value, n.type as ScalarStyle | undefined, n.range[0], n.range[1]);
  const text = scalar.value;
  const expressions = findExpressions(text);
  const script: CiScript = { file, yaml: yf, text, scalar, range: yf.offsetRange(n.range[0], n.range[1]), language, expressions };
  if (language === 'shell' && text.length <= 200_000) {
    // `${{ … }}` is substituted before the shell runs; the shell parser must not see `${{`.
    let masked = text;
    if (expressions.length) {
      const parts: string[] = [];
      let last = 0;
      for (const e of expressions) {
        parts.push(text.slice(last, e.start), text.slice(e.start, e.end).replace(/[^\n]/g, '_'));
        last = e.end;
      }
      parts.push(text.slice(last));
      masked = parts.join('');
    }
    try {
      script.shell = parseShell(masked, (s, e) => {
        const span = spanOf(scalar, s, e);
        return yf.offsetRange(span.start, span.end);
      });
    } catch {
      // The bash grammar is not loaded (a caller outside the engine): the model stays usable without shell.
    }
  }
  return script;
}

/** Document offsets of value[from, to) when they can be replaced as they are (no escapes or folding). */
export function documentSpan(script: CiScript, from: number, to: number): { start: number; end: number } | undefined {
  if (!isVerbatim(script.scalar, script.yaml.text, from, to)) return undefined;
  return spanOf(script.scalar, from, to);
}

export interface ScriptState {
  /** A `set +e` still in effect (GitLab runs every item of a section in one shell). */
  errexitOff?: Escape;
  /** GitHub's default `bash -e {0}` has no pipefail; `shell: bash` and `set -o pipefail` have it. */
  pipefail: boolean;
}

const SWALLOW = /^(?:true|:|\/bin\/true|\/usr\/bin\/true|exit 0|return 0|echo(?:\s[\s\S]*)?|printf(?:\s[\s\S]*)?)$/;
const EXIT_ZERO_TOOLS = new Set(['flake8', 'ruff', 'pylint', 'bandit', 'pycodestyle']);

export interface ScriptAnalysis {
  activities: Activity[];
  state: ScriptState;
}

/**
 * Activities of a script's commands and, for each, the escapes that make it unable to fail.
 * `last` says whether this script is the last thing its step/section runs (its final status counts).
 */
export function analyzeScript(script: CiScript, state: ScriptState, options: ClassifyOptions, last = true): ScriptAnalysis {
  const shell = script.shell;
  const out: Activity[] = [];
  const next: ScriptState = { ...state };
  if (!shell) return { activities: out, state: next };
  const commands = shell.commands;
  for (const cmd of commands) {
    const eff = effectiveCommand(cmd);
    if (eff?.name.text === 'set') {
      applySet(script, eff, next);
      continue;
    }
    if (!eff) continue;
    const acts = classifyCommand(eff, options);
    if (!acts.length) continue;
    const escapes = commandEscapes(script, shell, cmd, eff, next, last);
    for (const a of acts) out.push({ kind: a.kind, tool: a.tool, file: script.file, range: a.word.range, escapes });
  }
  return { activities: out, state: next };
}

function applySet(script: CiScript, eff: EffectiveCommand, state: ScriptState): void {
  const args = eff.args.map((a) => a.text);
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (!/^[-+][a-zA-Z]+$/.test(t)) continue;
    const on = t[0] === '-';
    if (t.includes('e') || (t.includes('o') && args[i + 1] === 'errexit')) {
      if (on) state.errexitOff = undefined;
      else {
        const cmd = eff.command;
        const span = documentSpan(script, cmd.start, cmd.end);
        state.errexitOff = {
          kind: 'errexit-off', file: script.file, range: cmd.range, text: shellText(script, cmd),
          removal: span ? lineOrSpan(script.yaml.text, span) : undefined, removalUnsafe: true,
        };
      }
    }
    if (t.includes('o') && args[i + 1] === 'pipefail') state.pipefail = on;
  }
}

function shellText(script: CiScript, cmd: ShellCommand): string {
  return script.shell!.source.slice(cmd.start, cmd.end);
}

/** Deletes a whole line when the span is alone on it (a `set +e` line in a block), else just the span. */
function lineOrSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd).replace(/\r$/, '');
  if (/^[ \t]*$/.test(before) && /^[ \t;]*$/.test(after) && lineEnd < text.length) return { start: lineStart, end: lineEnd + 1 };
  return span;
}

function commandEscapes(
  script: CiScript,
  shell: ShellScript,
  cmd: ShellCommand,
  eff: EffectiveCommand,
  state: ScriptState,
  last: boolean,
): Escape[] {
  const escapes: Escape[] = [];
  const source = shell.source;
  if (cmd.orElse !== undefined && SWALLOW.test(cmd.orElse.trim())) {
    const op = source.indexOf('||', cmd.end);
    const fallback = op < 0 ? -1 : source.indexOf(cmd.orElse, op + 2);
    const follows = fallback < 0 ? '' : source.slice(fallback + cmd.orElse.length, fallback + cmd.orElse.length + 40);
    // `a || echo failed && exit 1` still fails.
    if (op >= 0 && fallback >= 0 && !/^\s*&&\s*(exit\s+[1-9]|false\b|return\s+[1-9])/.test(follows) && /^\s*$/.test(source.slice(op + 2, fallback))) {
      let cut = op;
      while (cut > 0 && (source[cut - 1] === ' ' || source[cut - 1] === '\t')) cut--;
      const end = fallback + cmd.orElse.length;
      const span = documentSpan(script, cut, end);
      escapes.push({ kind: 'or-true', file: script.file, range: shell.toHostRange(op, end), text: `|| ${cmd.orElse.trim()}`, removal: span });
    }
  }
  const tool = eff.name.text.split('/').pop() ?? '';
  const exitZero = eff.args.find((a) => a.text === '--exit-zero');
  if (exitZero && (EXIT_ZERO_TOOLS.has(tool) || eff.args.some((a) => EXIT_ZERO_TOOLS.has(a.text)))) {
    let cut = exitZero.start;
    while (cut > 0 && (source[cut - 1] === ' ' || source[cut - 1] === '\t')) cut--;
    escapes.push({ kind: 'exit-zero', file: script.file, range: exitZero.range, text: '--exit-zero', removal: documentSpan(script, cut, exitZero.end) });
  }
  if (state.errexitOff) {
    // With errexit off a failure only counts when it is the script's last word or its status is read.
    const isLast = last && !shell.commands.some((c) => c.start >= cmd.end);
    const statusRead = /\$\?|\$\{\?\}|PIPESTATUS/.test(source.slice(cmd.end));
    if (!isLast && !statusRead) escapes.push(state.errexitOff);
  }
  // `pytest | tee out.txt` without pipefail: the pipeline's status is `tee`'s.
  if (cmd.pipeline && cmd.pipeline.index < cmd.pipeline.length - 1 && !state.pipefail) {
    const end = pipelineEnd(source, cmd);
    let start = cmd.end;
    while (start < end && /\s/.test(source[start])) start++;
    escapes.push({ kind: 'pipeline', file: script.file, range: shell.toHostRange(start, end), text: source.slice(start, end) });
  }
  return escapes;
}

/** End of the pipeline a command starts (the `| tee x` part), for the escape's range. */
function pipelineEnd(source: string, cmd: ShellCommand): number {
  const nl = source.indexOf('\n', cmd.end);
  const stop = nl < 0 ? source.length : nl;
  const rest = source.slice(cmd.end, stop);
  const cut = rest.search(/&&|\|\||;/);
  let end = cmd.end + (cut < 0 ? rest.length : cut);
  while (end > cmd.end && /\s/.test(source[end - 1])) end--;
  return end;
}

/** Re-exported for rules that need to place edits. */
export { spanOf };
