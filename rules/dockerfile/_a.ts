/**
 * Helpers of the image-level dockerfile/* rules: which final stage to judge, ONBUILD triggers,
 * Windows and base-image detection, and edits that insert whole lines in the file's layout.
 * Image facts (contents, effective USER/CMD/ENTRYPOINT, ports) come from server/src/model/image.ts.
 */
import type { TextEdit } from '../../server/src/core/types';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { stageChain } from '../../server/src/model/image';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';

/** The stage whose FROM names an external image (or scratch) at the root of the chain. */
export function rootStage(stage: DockerStage): DockerStage {
  return stageChain(stage)[0];
}

/** A FROM the parser could not read (no image, stray words): nothing sound can be said about it. */
export function brokenFrom(model: DockerfileModel, stage: DockerStage): boolean {
  const line = stage.range.start.line;
  return (!stage.from.image && !stage.from.isScratch) || model.syntaxErrors.some((e) => e.range.start.line === line);
}

/** The final stage when the engine should check it: present, readable, not a development stage. */
export function productionFinalStage(ctx: { workspace: WorkspaceModel; file: SourceFile | null }, model: DockerfileModel): DockerStage | undefined {
  const stage = model.finalStage;
  if (!stage || !ctx.file || brokenFrom(model, rootStage(stage))) return undefined;
  return ctx.workspace.stageEnvironment(ctx.file.path, stage.name) === 'production' ? stage : undefined;
}

/** Every instruction including ONBUILD triggers (which run in images built FROM this one). */
export function withTriggers(instructions: readonly DockerInstruction[]): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  for (const ins of instructions) {
    out.push(ins);
    if (ins.trigger) out.push(ins.trigger);
  }
  return out;
}

/** Windows images run cmd.exe/PowerShell and have no root user or POSIX shell semantics. */
export function isWindowsStage(stage: DockerStage): boolean {
  const from = rootStage(stage).from;
  if (/(^|\/)(windows|nanoserver|servercore|windowsservercore)(\/|$|:)/i.test(from.image) || /nanoserver|servercore|ltsc20\d\d/i.test(from.tag ?? '')) return true;
  return stageChain(stage).some((s) =>
    s.instructions.some((i) => i.keyword === 'SHELL' && /^(powershell|pwsh|cmd)(\.exe)?$/i.test(basename(i.execForm?.values[0] ?? ''))),
  );
}

/**
 * Dockerfiles that declare themselves a base image or a dev container: they are extended
 * (`ONBUILD`), named as a base (`Dockerfile.base`, `base.Dockerfile`, `Dockerfile.builder`), or
 * live in `.devcontainer/`.
 */
export function declaredBaseImage(path: string, model: DockerfileModel): boolean {
  if (/(^|\/)\.devcontainer\//.test(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/(^|[._-])(base|builder|buildenv|toolchain|ci)([._-]|$)/.test(base.replace(/dockerfile/, ''))) return true;
  return model.instructions.some((i) => i.keyword === 'ONBUILD');
}

/**
 * Heuristic for Dockerfiles that build a base or tool image rather than a service: declared as
 * such, or never bringing code into the image (no COPY/ADD, `git clone` or bind mount).
 */
export function looksLikeBaseImage(path: string, model: DockerfileModel, stage: DockerStage): boolean {
  if (declaredBaseImage(path, model)) return true;
  return !stageChain(stage).some((s) => s.instructions.some((i) => i.keyword === 'COPY' || i.keyword === 'ADD' || (i.keyword === 'RUN' && runFetchesCode(i))));
}

/** `RUN git clone …`/`RUN --mount=type=bind …`: code enters the image without COPY. */
function runFetchesCode(ins: DockerInstruction): boolean {
  if (ins.flags.some((f) => f.name === 'mount' && /type=bind/.test(f.value ?? ''))) return true;
  return /\bgit\s+clone\b|\bpip\s+install\s+(?:-\S+\s+)*(?:git\+|https?:)/.test(ins.argsText);
}

export function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

// ---- edits ------------------------------------------------------------------------------------

/** Line where text inserted "before an instruction" goes: above its directly attached comments. */
export function lineAbove(file: SourceFile, ins: DockerInstruction): number {
  let line = ins.range.start.line;
  while (line > 0 && /^\s*#/.test(file.lines.lineText(line - 1)) && !/^\s*#\s*(syntax|escape|check)\s*=/i.test(file.lines.lineText(line - 1))) line--;
  return line;
}

/** Inserts whole lines before `line` (0-based), in the file's line ending and the line's indent. */
export function insertLinesBefore(file: SourceFile, line: number, lines: readonly string[]): TextEdit {
  const eol = file.lines.eol;
  const indent = /^[ \t]*/.exec(file.lines.lineText(line))?.[0] ?? '';
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: lines.map((l) => indent + l + eol).join('') };
}

/** Inserts whole lines after the last line of a stage (before the next stage, or at the end of the file). */
export function insertLinesAfterStage(file: SourceFile, stage: DockerStage, lines: readonly string[]): TextEdit {
  const eol = file.lines.eol;
  const last = stage.instructions[stage.instructions.length - 1];
  const line = last.range.end.line;
  if (line + 1 < file.lines.lineCount) {
    const pos = { line: line + 1, character: 0 };
    return { range: { start: pos, end: pos }, newText: lines.map((l) => l + eol).join('') };
  }
  const end = file.lines.positionAt(file.lines.lineEnd(line));
  return { range: { start: end, end }, newText: lines.map((l) => eol + l).join('') };
}

/**
 * Where lines that must take effect before the container starts go: just before the first
 * CMD/ENTRYPOINT of the instructions that end the stage with no RUN/COPY/ADD/USER after them (so
 * every build step still runs first), else at the end of the stage.
 */
export function insertBeforeStartup(file: SourceFile, stage: DockerStage, lines: readonly string[]): TextEdit {
  const ins = stage.instructions;
  let first: DockerInstruction | undefined;
  for (let i = ins.length - 1; i > 0; i--) {
    const k = ins[i].keyword;
    if (k === 'RUN' || k === 'COPY' || k === 'ADD' || k === 'USER' || k === 'ONBUILD') break;
    if (k === 'CMD' || k === 'ENTRYPOINT') first = ins[i];
  }
  return first ? insertLinesBefore(file, lineAbove(file, first), lines) : insertLinesAfterStage(file, stage, lines);
}
