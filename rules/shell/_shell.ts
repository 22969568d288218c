/**
 * Shell detectors shared by the shell/* rules. They work on a parsed `ShellScript` only, so the
 * Dockerfile rules, the CI analyzers (`run:`/`script:`) and compose `command:` can all call them;
 * every edit they return is expressed in host ranges (the document the script was taken from).
 * This module is the entry point: it re-exports the detectors of `_tls`, `_download` and `_words`.
 */
import type { Range } from '../../server/src/core/types';
import { effectiveCommand, findSetOptions, programName } from '../../server/src/parsers/shell/commands';
import type { ShellCommand, ShellScript } from '../../server/src/parsers/shell/model';

export * from './_words';
export * from './_tls';
export * from './_download';

export interface Pipe {
  start: number;
  end: number;
  range: Range;
  /** `set -o pipefail` ran earlier in the script. */
  pipefail: boolean;
  /** Programs on either side (first command of each element), when static. */
  left?: string;
  right?: string;
}

/** The `|` (or `|&`) tokens of a script's pipelines, each with whether `set -o pipefail` ran before it. */
export function pipes(script: ShellScript): Pipe[] {
  const out: Pipe[] = [];
  const programOf = (commands: ShellCommand[]): string | undefined => {
    const eff = commands.map((c) => effectiveCommand(c)).find((e) => e);
    return eff ? programName(eff.name) : undefined;
  };
  const byPipeline = new Map<number, ShellCommand[][]>();
  for (const c of script.commands) {
    if (!c.pipeline) continue;
    let elements = byPipeline.get(c.pipeline.id);
    if (!elements) byPipeline.set(c.pipeline.id, (elements = []));
    (elements[c.pipeline.index] ??= []).push(c);
  }
  const src = script.source;
  for (const elements of byPipeline.values()) {
    for (let i = 1; i < elements.length; i++) {
      const left = elements[i - 1];
      const right = elements[i];
      if (!left || !right) continue;
      const from = Math.max(...left.map((c) => c.end));
      const to = Math.min(...right.map((c) => c.start));
      const at = findPipe(src, from, to);
      if (at < 0) continue;
      const len = src[at + 1] === '&' ? 2 : 1;
      out.push({ start: at, end: at + len, range: script.toHostRange(at, at + len), pipefail: findSetOptions(script, at).pipefail, left: programOf(left), right: programOf(right) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** First lone `|` between two offsets, skipping quoted text and `||`. */
function findPipe(src: string, from: number, to: number): number {
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(src[i - 1]))) {
      while (i < to && src[i] !== '\n') i++;
    } else if (c === '|') {
      if (src[i + 1] === '|' || src[i - 1] === '|') {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** Where a script's own text ends, before trailing whitespace, a trailing comment and a final `;`. */
export function scriptContentEnd(source: string): number {
  const lineStart = source.lastIndexOf('\n', source.trimEnd().length - 1) + 1;
  let end = source.trimEnd().length;
  let quote = '';
  for (let i = lineStart; i < end; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === lineStart || /\s/.test(source[i - 1]))) {
      end = i;
      break;
    }
  }
  let text = source.slice(0, end).trimEnd();
  if (text.endsWith(';') && !text.endsWith(';;')) text = text.slice(0, -1).trimEnd();
  return text.length;
}
