import { defineRule } from '../../server/src/core/rule';
import type { Fix, TextEdit } from '../../server/src/core/types';
import { imageContents, type BaseImage } from '../../server/src/model/image';
import { effectiveCommand, programName } from '../../server/src/parsers/shell/commands';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import type { SourceFile } from '../../server/src/workspace/model';
import { insertLinesBefore, scriptsOf, shellAt, shellHasPipefail, type DockerScript } from '../dockerfile/_b';
import { pipes } from './_shell';

const BASH_SHELL = '["/bin/bash", "-o", "pipefail", "-c"]';
/** Left-hand commands that cannot fail in a way pipefail would catch (`echo "deb …" | tee …`). */
const CANNOT_FAIL = new Set(['echo', 'printf', 'yes', 'true']);
/** Shells whose `set -o pipefail` works. Debian's dash (`/bin/sh`) rejects it. */
const PIPEFAIL_SHELLS = /^(bash|zsh|ksh|mksh|ash)$/;

type Runner = { program: string; viaShellInstruction: boolean };

/** What `/bin/sh` is in the image: busybox ash on Alpine, bash on RHEL-likes, dash on Debian/Ubuntu. */
function binSh(base: BaseImage): string {
  if (base.packageManager === 'apk' || base.family === 'alpine' || base.family === 'busybox') return 'ash';
  if (base.family === 'rhel') return 'bash';
  if (base.packageManager === 'apt') return 'dash';
  return 'unknown';
}

function shebangProgram(body: string): string | undefined {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!m) return undefined;
  const prog = m[1].slice(m[1].lastIndexOf('/') + 1);
  return prog === 'env' && m[2] ? m[2] : prog;
}

/** Which program interprets a script, and whether the stage's SHELL options apply to it. */
function runnerOf(target: DockerScript, stage: DockerStage): Runner {
  const { instruction, script, heredoc } = target;
  if (script === instruction.execShell) return { program: instruction.execForm!.values[0], viaShellInstruction: false };
  if (heredoc && script !== instruction.shell) {
    // `RUN bash <<EOF`: the program reading the heredoc.
    const first = instruction.shell?.commands.map((c) => effectiveCommand(c)).find((e) => e);
    return { program: shebangProgram(heredoc.body) ?? programName(first?.name) ?? 'sh', viaShellInstruction: false };
  }
  if (heredoc) {
    const shebang = shebangProgram(heredoc.body);
    if (shebang) return { program: shebang, viaShellInstruction: false };
  }
  return { program: shellAt(stage, instruction).argv[0] ?? '/bin/sh', viaShellInstruction: true };
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/** `set -o pipefail` at the start of the script: a new first line of a heredoc, else a `… && ` prefix. */
function prependEdit(file: SourceFile, target: DockerScript): TextEdit | undefined {
  const { script, heredoc } = target;
  if (heredoc) {
    if (!heredoc.bodyRange) return undefined;
    let line = heredoc.bodyRange.start.line;
    if (heredoc.body.startsWith('#!')) line++;
    const indent = /^[ \t]*/.exec(file.lines.lineText(line))![0];
    return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}set -o pipefail${file.lines.eol}` };
  }
  const at = script.source.search(/\S/);
  if (at < 0) return undefined;
  const pos = script.toHostRange(at, at).start;
  return { range: { start: pos, end: pos }, newText: 'set -o pipefail && ' };
}

/** The first RUN of the stage that runs a piped script through the SHELL without pipefail. */
function firstUnprotectedRun(stage: DockerStage): DockerInstruction | undefined {
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN' || shellHasPipefail(shellAt(stage, ins).argv)) continue;
    for (const target of scriptsOf(ins)) {
      if (runnerOf(target, stage).viaShellInstruction && pipes(target.script).some((p) => !p.pipefail && !CANNOT_FAIL.has(p.left ?? ''))) return ins;
    }
  }
  return undefined;
}

function fixesFor(file: SourceFile, model: DockerfileModel, stage: DockerStage, target: DockerScript, runner: Runner): Fix[] {
  let program = baseName(runner.program);
  const base = imageContents(model, stage).base;
  if (program === 'sh') program = binSh(base);
  if (PIPEFAIL_SHELLS.test(program)) {
    const edit = prependEdit(file, target);
    return edit ? [{ title: 'Prepend set -o pipefail', safety: 'safe', changes: [{ file: file.path, edits: [edit] }] }] : [];
  }
  // dash cannot do pipefail: switch the stage's RUNs to bash, when the image has it.
  if (program === 'dash' && runner.viaShellInstruction && imageContents(model, stage).has('bash') === 'yes') {
    const first = firstUnprotectedRun(stage) ?? target.instruction;
    return [{ title: `Add SHELL ${BASH_SHELL}`, safety: 'safe', changes: [{ file: file.path, edits: [insertLinesBefore(file, first, [`SHELL ${BASH_SHELL}`])] }] }];
  }
  return [];
}

export default defineRule({
  id: 'shell/missing-pipefail',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A RUN pipes commands without pipefail, so a failure on the left of the pipe does not fail the build.',
    fixes: ['safe'],
    aliases: ['DL4006'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const shellPipefail = shellHasPipefail(shellAt(stage, ins).argv);
        for (const target of scriptsOf(ins)) {
          const found = pipes(target.script);
          if (!found.length) continue;
          const runner = runnerOf(target, stage);
          const protectedByArgs = runner.viaShellInstruction ? shellPipefail : target.script === ins.execShell && shellHasPipefail(ins.execForm!.values);
          const open = protectedByArgs ? undefined : found.find((p) => !p.pipefail && !CANNOT_FAIL.has(p.left ?? ''));
          if (!open) {
            ctx.pass();
            continue;
          }
          const shown = open.left && open.right ? `\`${open.left} | ${open.right}\`` : 'the pipeline';
          const fail = open.left ? `\`${open.left}\` failing` : 'a failure on the left';
          ctx.report({
            file: file.path,
            range: open.range,
            message: `${shown} runs without pipefail: ${fail} is ignored when the last command succeeds, and the build carries on with a broken step.`,
            fixes: fixesFor(file, model, stage, target, runner),
          });
        }
      }
    }
  },
});
