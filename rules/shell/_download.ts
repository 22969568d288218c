/** shell/curl-pipe-shell: downloads executed straight from the network. */
import { effectiveCommand, findFlag, programName, type EffectiveCommand } from '../../server/src/parsers/shell/commands';
import type { ShellCommand, ShellScript } from '../../server/src/parsers/shell/model';
import { CURL_SHORT_VALUE } from './_tls';
import { hit, withNestedScripts, type ShellHit } from './_words';

const INTERPRETERS: Record<string, { inline: string[]; longInline?: string[]; module?: boolean }> = {
  sh: { inline: ['c'] },
  bash: { inline: ['c'] },
  zsh: { inline: ['c'] },
  dash: { inline: ['c'] },
  ash: { inline: ['c'] },
  ksh: { inline: ['c'] },
  python: { inline: ['c', 'm'], module: true },
  perl: { inline: ['e', 'E'] },
  ruby: { inline: ['e'] },
  node: { inline: ['e', 'p'], longInline: ['eval', 'print'] },
  php: { inline: ['r'] },
};

function interpreterKind(name: string): string | undefined {
  if (INTERPRETERS[name]) return name;
  if (/^python(\d+(\.\d+)?)?$/.test(name)) return 'python';
  if (/^(nodejs|bun|deno)$/.test(name)) return undefined;
  return undefined;
}

/** Whether the command downloads to stdout: `curl URL`, `wget -qO- URL`, `wget -O - URL`. */
export function downloadsToStdout(eff: EffectiveCommand): boolean {
  const name = programName(eff.name);
  const args = eff.args;
  if (name === 'curl') {
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (t === '--output' || t === '-o') return args[i + 1]?.text === '-';
      if (t.startsWith('--output=')) return t === '--output=-';
      if (t === '-O' || t === '--remote-name' || t === '--remote-name-all') return false;
      const cluster = /^-([a-zA-Z]+)(.*)$/.exec(t);
      if (cluster && !t.startsWith('--')) {
        for (let j = 0; j < cluster[1].length; j++) {
          const c = cluster[1][j];
          if (c === 'O') return false;
          if (c === 'o') return (cluster[1].slice(j + 1) + cluster[2] || args[i + 1]?.text) === '-';
          if (CURL_SHORT_VALUE.includes(c)) break;
        }
      }
    }
    return true;
  }
  if (name === 'wget' || name === 'wget2') {
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (t === '--output-document') return args[i + 1]?.text === '-';
      if (t.startsWith('--output-document=')) return t === '--output-document=-';
      const cluster = /^-([a-zA-Z]*)O(.*)$/.exec(t);
      if (cluster && !t.startsWith('--')) return (cluster[2] || args[i + 1]?.text) === '-';
    }
    return false;
  }
  return false;
}

/** Whether the interpreter runs its standard input as a program (no `-c`/`-e` script, no script file). */
export function interpreterRunsStdin(eff: EffectiveCommand): string | undefined {
  const name = programName(eff.name) ?? '';
  const kind = interpreterKind(name);
  if (!kind) return undefined;
  const spec = INTERPRETERS[kind];
  if (findFlag(eff.args, spec.inline, spec.longInline ?? [])) return undefined;
  // Options that take a value must not be mistaken for a script operand.
  const valueOptions = kind === 'python' ? ['-W', '-X'] : kind === 'sh' || kind === 'bash' ? ['-o', '+o', '-O', '+O'] : ['-r', '--require', '-I'];
  for (let i = 0; i < eff.args.length; i++) {
    const t = eff.args[i].text;
    if (t === '--') {
      // sh -s -- args, or a script after `--` (node/python).
      const next = eff.args[i + 1]?.text;
      return kind === 'python' || kind === 'node' || kind === 'perl' || kind === 'ruby' ? (next === undefined || next === '-' ? name : undefined) : name;
    }
    if (t === '-') return name;
    if (t.startsWith('-') || t.startsWith('+')) {
      if (/^-[a-zA-Z]*s$/.test(t) && kind !== 'python' && kind !== 'node') return name;
      if (valueOptions.includes(t)) i++;
      continue;
    }
    // A script operand: stdin is data for it.
    return undefined;
  }
  return name;
}

/**
 * Downloads executed without being saved and checked: `curl … | sh`, `wget -qO- … | sudo bash`,
 * `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(curl …)"`. Anchored on the interpreter.
 */
export function curlPipeShell(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  for (const s of withNestedScripts(script)) hits.push(...pipeHits(s), ...substitutionHits(s));
  return hits;
}

function urlOf(eff: EffectiveCommand): string | undefined {
  return eff.args.find((w) => !w.dynamic && /^(https?|ftp):\/\//.test(w.text))?.text;
}

function pipeHits(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  const byPipeline = new Map<number, ShellCommand[]>();
  for (const c of script.commands) {
    if (!c.pipeline) continue;
    const list = byPipeline.get(c.pipeline.id);
    if (list) list.push(c);
    else byPipeline.set(c.pipeline.id, [c]);
  }
  for (const commands of byPipeline.values()) {
    const download = commands.find((c) => {
      const eff = effectiveCommand(c);
      return eff !== undefined && downloadsToStdout(eff);
    });
    if (!download) continue;
    for (const c of commands) {
      if (c.pipeline!.index <= download.pipeline!.index) continue;
      const eff = effectiveCommand(c);
      const interpreter = eff && interpreterRunsStdin(eff);
      if (!eff || !interpreter) continue;
      const dl = effectiveCommand(download)!;
      hits.push({ ...hit(eff.name, `${programName(dl.name)} … | ${interpreter}`), url: urlOf(dl) });
      break;
    }
  }
  return hits;
}

function substitutionHits(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  const downloads = script.commands.filter((c) => {
    const eff = effectiveCommand(c);
    return eff !== undefined && downloadsToStdout(eff) && !c.pipeline;
  });
  if (!downloads.length) return hits;
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    if (!eff) continue;
    const name = programName(eff.name) ?? '';
    const kind = interpreterKind(name);
    const evalLike = name === 'eval' || name === 'source' || name === '.';
    if (!kind && !evalLike) continue;
    for (const [i, arg] of eff.args.entries()) {
      const inside = downloads.find((d) => d.start >= arg.start && d.end <= arg.end);
      if (!inside) continue;
      const raw = arg.raw;
      const processSub = raw.startsWith('<(');
      const commandSub = /^"?\$\(/.test(raw) || /^"?`/.test(raw);
      const prev = eff.args[i - 1];
      const inlineScript = kind !== undefined && prev !== undefined && findFlag([prev], INTERPRETERS[kind].inline, INTERPRETERS[kind].longInline ?? []) !== undefined;
      if ((evalLike && (commandSub || processSub)) || (kind && processSub) || (inlineScript && commandSub)) {
        const dl = effectiveCommand(inside)!;
        const downloader = programName(dl.name);
        const what = processSub ? `${name} <(${downloader} …)` : inlineScript ? `${name} -c "$(${downloader} …)"` : `${name} "$(${downloader} …)"`;
        hits.push({ ...hit(eff.name, what), url: urlOf(dl) });
        break;
      }
    }
  }
  return hits;
}
