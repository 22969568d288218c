/**
 * Dockerfile helpers of the package-hygiene, context and start-command rules: which stages end up in
 * the image, the shell scripts of an instruction, what a stage's environment holds at an
 * instruction, cache mounts, package installs, and edits that keep the file's layout.
 */
import type { Range, TextEdit } from '../../server/src/core/types';
import { effectiveCommand, programName, subcommand, type EffectiveCommand } from '../../server/src/parsers/shell/commands';
import type { ShellScript, ShellWord } from '../../server/src/parsers/shell/model';
import type { DockerfileModel, DockerHeredoc, DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import type { SourceFile } from '../../server/src/workspace/model';
import { scriptContentEnd } from '../shell/_shell';

// ---- stages ------------------------------------------------------------------------------------

/** The stage and the stages it is built `FROM`, nearest first. */
export function ancestry(stage: DockerStage): DockerStage[] {
  const out: DockerStage[] = [];
  for (let s: DockerStage | undefined = stage; s && !out.includes(s); s = s.from.stage) out.push(s);
  return out;
}

/**
 * Stages whose filesystem ends up in the built image: the final stage and the stages it is built
 * `FROM`. Builder stages only reached through `COPY --from` are discarded, so hygiene rules (caches,
 * apt lists, compilers) leave them alone.
 */
export function imageStages(model: DockerfileModel, target?: DockerStage): DockerStage[] {
  const final = target ?? model.finalStage;
  return final ? ancestry(final) : [];
}

// ---- scripts -----------------------------------------------------------------------------------

export interface DockerScript {
  instruction: DockerInstruction;
  script: ShellScript;
  /** Set when the script is a heredoc body (`RUN <<EOF`). */
  heredoc?: DockerHeredoc;
}

/**
 * Shell scripts an instruction runs: its shell form, an exec-form `["sh", "-c", "…"]` script and its
 * script heredocs. `RUN <<EOF` shares one script object between the instruction and the heredoc,
 * so scripts are deduplicated by identity.
 */
export function scriptsOf(instruction: DockerInstruction): DockerScript[] {
  const out: DockerScript[] = [];
  const seen = new Set<ShellScript>();
  const add = (script: ShellScript | undefined, heredoc?: DockerHeredoc): void => {
    if (!script || seen.has(script)) return;
    seen.add(script);
    out.push(heredoc ? { instruction, script, heredoc } : { instruction, script });
  };
  for (const heredoc of instruction.heredocs) if (heredoc.isScript) add(heredoc.shell, heredoc);
  add(instruction.shell);
  add(instruction.execShell);
  return out.sort((a, b) => a.script.toHostRange(0, 0).start.line - b.script.toHostRange(0, 0).start.line);
}

/** RUN scripts of the given stages (all stages when omitted), in source order. */
export function runScripts(model: DockerfileModel, stages?: readonly DockerStage[]): DockerScript[] {
  const out: DockerScript[] = [];
  for (const stage of stages ?? model.stages) {
    for (const ins of stage.instructions) if (ins.keyword === 'RUN') out.push(...scriptsOf(ins));
  }
  return out;
}

/** Every shell script in the file: RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD and ONBUILD triggers. */
export function allScripts(model: DockerfileModel): DockerScript[] {
  const out: DockerScript[] = [];
  const seen = new Set<ShellScript>();
  for (const ins of model.instructions) {
    const nested = [ins, ins.healthcheck?.command, ins.trigger].filter((x): x is DockerInstruction => x !== undefined);
    for (const part of nested) {
      for (const s of scriptsOf(part)) {
        if (seen.has(s.script)) continue;
        seen.add(s.script);
        out.push({ ...s, instruction: ins });
      }
    }
  }
  return out;
}

/** Effective commands of a script, in order. */
export function commandsOf(script: ShellScript): EffectiveCommand[] {
  const out: EffectiveCommand[] = [];
  for (const c of script.commands) {
    const eff = effectiveCommand(c);
    if (eff) out.push(eff);
  }
  return out;
}

// ---- environment and shell ---------------------------------------------------------------------

/**
 * Value of an environment variable when `before` runs: the last `ENV` (or `ARG` default, which is
 * in the environment of RUN) of the stage before it, else of the stages it is built FROM.
 */
export function envAt(stage: DockerStage, before: DockerInstruction | undefined, name: string, includeArgs = true): string | undefined {
  for (const s of ancestry(stage)) {
    const limit = s === stage && before ? s.instructions.indexOf(before) : s.instructions.length;
    let value: string | undefined;
    for (let i = 0; i < (limit < 0 ? s.instructions.length : limit); i++) {
      const ins = s.instructions[i];
      if (ins.keyword !== 'ENV' && !(includeArgs && ins.keyword === 'ARG' && s === stage)) continue;
      for (const p of ins.properties ?? []) {
        if (p.name === name && (ins.keyword === 'ENV' || p.value !== undefined)) value = p.resolvedValue ?? p.value ?? '';
      }
    }
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The `SHELL` in effect for an instruction: set in the stage before it, else inherited through FROM. */
export function shellAt(stage: DockerStage, before: DockerInstruction): { argv: string[]; instruction?: DockerInstruction } {
  for (const s of ancestry(stage)) {
    const limit = s === stage ? s.instructions.indexOf(before) : s.instructions.length;
    for (let i = (limit < 0 ? s.instructions.length : limit) - 1; i >= 0; i--) {
      const ins = s.instructions[i];
      if (ins.keyword === 'SHELL' && ins.execForm) return { argv: ins.execForm.values, instruction: ins };
    }
  }
  return { argv: ['/bin/sh', '-c'] };
}

/** Whether a SHELL argv switches pipefail on (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`). */
export function shellHasPipefail(argv: readonly string[]): boolean {
  for (let i = 0; i + 1 < argv.length; i++) {
    if (/^-[a-zA-Z]*o$/.test(argv[i]) && argv[i + 1] === 'pipefail') return true;
  }
  return false;
}

// ---- mounts ------------------------------------------------------------------------------------

export interface Mount {
  type: string;
  target: string;
  /** bind mounts: path in the context (or in `from`). */
  source: string;
  from: string | undefined;
  range: Range;
}

/** `RUN --mount=…` flags, parsed (`type` defaults to bind). */
export function mountsOf(instruction: DockerInstruction): Mount[] {
  const out: Mount[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || !flag.value) continue;
    const fields = new Map<string, string>();
    for (const part of flag.value.split(',')) {
      const eq = part.indexOf('=');
      fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).trim().replace(/^["']|["']$/g, ''));
    }
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination') ?? '';
    const source = (fields.get('source') ?? fields.get('src') ?? '').replace(/^(\.\/)+|^\/+/, '');
    out.push({ type: fields.get('type') ?? 'bind', target: target.replace(/\/+$/, ''), source, from: fields.get('from'), range: flag.range });
  }
  return out;
}

/** Whether a cache or tmpfs mount covers the directory (or one of its parents). */
export function cacheMountCovers(instruction: DockerInstruction, dir: RegExp): boolean {
  return mountsOf(instruction).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && dir.test(m.target));
}

// ---- packages ----------------------------------------------------------------------------------

export type PackageManager = 'apt' | 'apk' | 'rpm';

export interface PackageInstall {
  manager: PackageManager;
  command: EffectiveCommand;
  /** `install`/`add` word. */
  verb: ShellWord;
  /** Package operands (static words only), version suffixes kept as written. */
  packages: ShellWord[];
  /** apk `--virtual NAME`/`-t NAME`: the packages can be removed as a group. */
  virtual?: string;
}

const APT_VALUE_OPTIONS = ['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'];
const APK_VALUE_OPTIONS = ['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch', '--keys-dir', '--repositories-file', '--cache-dir'];
const RPM_VALUE_OPTIONS = ['--setopt', '--enablerepo', '--disablerepo', '--repo', '--installroot', '--releasever', '-c', '--config', '-x', '--exclude'];

/** `apt-get install …`, `apt install …`, `apk add …`, `yum/dnf/microdnf install …`. */
export function packageInstall(eff: EffectiveCommand): PackageInstall | undefined {
  const name = programName(eff.name);
  let manager: PackageManager;
  let verbs: string[];
  let valueOptions: string[];
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') [manager, verbs, valueOptions] = ['apt', ['install'], APT_VALUE_OPTIONS];
  else if (name === 'apk') [manager, verbs, valueOptions] = ['apk', ['add'], APK_VALUE_OPTIONS];
  else if (name === 'yum' || name === 'dnf' || name === 'microdnf' || name === 'tdnf') [manager, verbs, valueOptions] = ['rpm', ['install'], RPM_VALUE_OPTIONS];
  else return undefined;
  const verb = subcommand(eff.args, valueOptions);
  if (!verb || !verbs.includes(verb.text)) return undefined;
  const packages: ShellWord[] = [];
  let virtual: string | undefined;
  const args = eff.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === verb) continue;
    if (w.text.startsWith('-')) {
      if (valueOptions.includes(w.text)) {
        if ((w.text === '-t' || w.text === '--virtual') && manager === 'apk') virtual = args[i + 1]?.text;
        i++;
      } else if (w.text.startsWith('--virtual=')) virtual = w.text.slice(10);
      continue;
    }
    if (args.indexOf(verb) < i && !w.dynamic) packages.push(w);
  }
  return { manager, command: eff, verb, packages, virtual };
}

/** `gcc=4:12.2.0-3` → `gcc`, `curl~=8` → `curl`, `pkg:amd64` → `pkg`. */
export function packageName(word: string): string {
  return word.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '');
}

// ---- edits -------------------------------------------------------------------------------------

/** Inserts whole lines before an instruction, indented like it. */
export function insertLinesBefore(file: SourceFile, instruction: DockerInstruction, lines: string[]): TextEdit {
  const line = instruction.range.start.line;
  const indent = /^[ \t]*/.exec(file.lines.lineText(line))![0];
  const eol = file.lines.eol;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: lines.map((l) => indent + l + eol).join('') };
}

/** Inserts whole lines after an instruction (after its heredoc bodies too). */
export function insertLinesAfter(file: SourceFile, instruction: DockerInstruction, lines: string[]): TextEdit {
  const last = instruction.range.end.line;
  const eol = file.lines.eol;
  if (last + 1 >= file.lines.lineCount) {
    const end = { line: last, character: file.lines.lineText(last).length };
    return { range: { start: end, end }, newText: lines.map((l) => eol + l).join('') };
  }
  const at = { line: last + 1, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => l + eol).join('') };
}

/** Position right after a word, for inserting ` --flag`. */
export function insertAfterWord(word: ShellWord, text: string): TextEdit {
  return { range: { start: word.range.end, end: word.range.end }, newText: text };
}

/** Directory of a workspace path ('' for the root). */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/**
 * Removes one `KEY=value` of an ENV/ARG/LABEL: the whole instruction when it is the only one, else
 * the property up to the next one (or from the previous one), so continuation lines stay balanced.
 */
export function removePropertyEdit(file: SourceFile, instruction: DockerInstruction, index: number): TextEdit {
  const props = instruction.properties ?? [];
  const prop = props[index];
  if (props.length <= 1) {
    const first = instruction.range.start.line;
    const last = instruction.range.end.line;
    const end = last + 1 < file.lines.lineCount ? { line: last + 1, character: 0 } : { line: last, character: file.lines.lineText(last).length };
    return { range: { start: { line: first, character: 0 }, end }, newText: '' };
  }
  const next = props[index + 1];
  if (next) return { range: { start: prop.range.start, end: next.range.start }, newText: '' };
  return { range: { start: props[index - 1].range.end, end: prop.range.end }, newText: '' };
}

export interface InstallSite {
  stage: DockerStage;
  instruction: DockerInstruction;
  script: DockerScript;
  install: PackageInstall;
}

/** Package installs of RUN instructions in the given stages, in source order. */
export function installsIn(stages: readonly DockerStage[], manager?: PackageManager): InstallSite[] {
  const out: InstallSite[] = [];
  for (const stage of [...stages].sort((a, b) => a.index - b.index)) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      for (const script of scriptsOf(ins)) {
        for (const eff of commandsOf(script.script)) {
          const install = packageInstall(eff);
          if (install && (!manager || install.manager === manager)) out.push({ stage, instruction: ins, script, install });
        }
      }
    }
  }
  return out;
}

/**
 * Appends a command at the end of a RUN script: ` && cmd` after the last command of a shell-form or
 * `sh -c` script (before a trailing comment), or a new last line of a heredoc script. Undefined when
 * the script ends in an operator or a background `&`, where appending would change its meaning.
 */
export function appendCommandEdit(file: SourceFile, target: DockerScript, command: string): TextEdit | undefined {
  const { script, heredoc, instruction } = target;
  if (heredoc) {
    if (!heredoc.bodyRange) return undefined;
    const lastLine = heredoc.bodyRange.end.line;
    let indent = '';
    for (let l = lastLine; l >= heredoc.bodyRange.start.line; l--) {
      const text = file.lines.lineText(l);
      if (text.trim()) {
        indent = /^[ \t]*/.exec(text)![0];
        if (/\\$/.test(text.trimEnd())) return undefined;
        break;
      }
    }
    const at = { line: lastLine + 1, character: 0 };
    return { range: { start: at, end: at }, newText: indent + command + file.lines.eol };
  }
  // A shell script that also carries heredoc bodies ends inside them.
  if (instruction.heredocs.length > 0 && script === instruction.shell) return undefined;
  const end = scriptContentEnd(script.source);
  if (end === 0) return undefined;
  const text = script.source.slice(0, end);
  if (/(&&|\|\||\||&|\\)$/.test(text)) return undefined;
  const at = script.toHostRange(end - 1, end).end;
  return { range: { start: at, end: at }, newText: ` && ${command}` };
}
