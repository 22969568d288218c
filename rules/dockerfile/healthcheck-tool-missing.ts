import { defineRule } from '../../server/src/core/rule';
import type { Fix, Range } from '../../server/src/core/types';
import { imageContents, stageChain, type ImageContents } from '../../server/src/model/image';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { effectiveCommand, programName } from '../../server/src/parsers/shell/commands';
import type { ShellScript, ShellWord } from '../../server/src/parsers/shell/model';
import type { SourceFile } from '../../server/src/workspace/model';
import { insertLinesBefore, lineAbove } from './_a';
import { probesFor } from './_probe';

const ID = 'dockerfile/healthcheck-tool-missing';
/** Shell builtins and keywords: never looked up on the PATH. */
const BUILTINS = new Set(['exit', 'true', 'false', 'test', '[', 'echo', 'printf', 'cd', 'set', 'exec', 'return', ':', 'kill', 'read', 'command', 'type', 'eval', 'export', 'local']);
/** Packages providing the usual probe binaries, per package manager. */
const PACKAGES: Record<string, Partial<Record<'apt' | 'apk', string>>> = {
  curl: { apt: 'curl', apk: 'curl' },
  wget: { apt: 'wget', apk: 'wget' },
  nc: { apt: 'netcat-openbsd', apk: 'netcat-openbsd' },
};

interface Missing {
  binary: string;
  word: ShellWord | undefined;
  range: Range;
}

/** Commands of the check whose program the image certainly lacks (a working `||` fallback excuses one). */
function missingIn(script: ShellScript, contents: ImageContents): Missing[] {
  const out: Missing[] = [];
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    const name = eff ? programName(eff.name) : undefined;
    if (!eff || !name || BUILTINS.has(name)) continue;
    if (contents.has(name) !== 'no') continue;
    // `curl … || wget …`: the fallback runs when curl is absent; it is judged on its own.
    if (cmd.orElse !== undefined && !/^\s*(exit\b|false\b|return\b)/.test(cmd.orElse)) continue;
    out.push({ binary: name, word: eff.name, range: eff.name.range });
  }
  return out;
}

/** The user in effect just before an instruction (resolved text), following the stage chain. */
function userBefore(stage: DockerStage, before: DockerInstruction): string | undefined {
  let user: string | undefined;
  for (const s of stageChain(stage)) {
    for (const ins of s.instructions) {
      if (ins === before) return user;
      if (ins.keyword === 'USER') user = (ins.resolvedArgsText ?? ins.argsText).trim();
    }
  }
  return user;
}

/** The URL of a check that is one HTTP probe (plus `|| exit 1`): only then does a rewrite keep its meaning. */
function probedUrl(command: DockerInstruction): string | undefined {
  const isUrl = (t: string): boolean => /^https?:\/\//.test(t);
  const script = command.execShell ?? command.shell;
  if (!script) return command.execForm?.values.find(isUrl);
  // `|| exit 1` is the only companion a probe may have.
  const programs = script.commands.filter((c) => c.name?.text !== 'exit');
  return programs.length === 1 ? programs[0].args.find((a) => !a.dynamic && isUrl(a.text))?.text : undefined;
}

function fixesFor(file: SourceFile, stage: DockerStage, hc: DockerInstruction, missing: Missing, contents: ImageContents): Fix[] {
  const fixes: Fix[] = [];
  const command = hc.healthcheck?.command;
  const url = command ? probedUrl(command) : undefined;
  if (url && command?.argsRange && (missing.binary === 'curl' || missing.binary === 'wget')) {
    const probe = probesFor(contents, url, false)[0];
    if (probe) {
      fixes.push({
        title: `Probe with ${probe.binary} instead of ${missing.binary}`,
        safety: 'unsafe',
        changes: [{ file: file.path, edits: [{ range: command.argsRange, newText: probe.command }] }],
      });
    }
  }
  const manager = contents.base.packageManager;
  const pkg = manager === 'apt' || manager === 'apk' ? PACKAGES[missing.binary]?.[manager] : undefined;
  if (pkg) {
    const run =
      manager === 'apt'
        ? `RUN apt-get update && apt-get install -y --no-install-recommends ${pkg} && rm -rf /var/lib/apt/lists/*`
        : `RUN apk add --no-cache ${pkg}`;
    const user = userBefore(stage, hc);
    const asRoot = user === undefined || /^(root|0+)(:.*)?$/.test(user);
    const lines = asRoot ? [run] : ['USER root', run, `USER ${user}`];
    fixes.push({
      title: `Install ${pkg} in the image (${manager === 'apt' ? 'apt-get' : 'apk'})`,
      safety: 'unsafe',
      changes: [{ file: file.path, edits: [insertLinesBefore(file, lineAbove(file, hc), lines)] }],
    });
  }
  return fixes;
}

export default defineRule({
  id: ID,
  meta: {
    category: 'reliability',
    severity: 'error',
    summary: 'The HEALTHCHECK calls a binary (curl, wget, nc…) that the final image does not contain, so the check can never pass.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    const stage = model?.finalStage;
    if (!model || !stage) return;
    let hc: DockerInstruction | undefined;
    for (const s of stageChain(stage)) for (const ins of s.instructions) if (ins.keyword === 'HEALTHCHECK') hc = ins;
    const command = hc?.healthcheck?.command;
    if (!hc || hc.healthcheck?.none || !command) return;
    const contents = imageContents(model, stage);
    const missing: Missing[] = [];
    if (command.execForm) {
      const program = command.execForm.values[0] ?? '';
      const name = program.slice(program.lastIndexOf('/') + 1);
      if (name && contents.has(name) === 'no') missing.push({ binary: name, word: undefined, range: command.execForm.ranges[0] });
      else if (command.execShell) missing.push(...missingIn(command.execShell, contents));
    } else if (command.shell) {
      const script = command.shell;
      // Shell form runs through /bin/sh, which distroless and scratch images do not have.
      if (contents.has('sh') === 'no' && command.argsRange) missing.push({ binary: 'sh', word: undefined, range: command.argsRange });
      else missing.push(...missingIn(script, contents));
    }
    if (missing.length === 0) return ctx.pass();
    const base = contents.base.image ? `\`${contents.base.image}\`` : 'the base image';
    for (const m of missing) {
      const message =
        m.binary === 'sh'
          ? `This shell-form HEALTHCHECK runs through /bin/sh, which ${base} does not contain: the check can never pass and the container stays "unhealthy". Use the exec form (\`HEALTHCHECK CMD ["/app", "healthcheck"]\`) with a binary the image has.`
          : `The HEALTHCHECK runs \`${m.binary}\`, which ${base} does not contain and no RUN installs: the check fails every time and the container is marked "unhealthy" (orchestrators restart it or never route to it). Use a tool the image has or install ${m.binary}.`;
      ctx.report({
        file: file.path,
        range: m.range,
        message,
        fixes: m.binary === 'sh' ? [] : fixesFor(file, stage, hc, m, contents),
        data: { binary: m.binary },
      });
    }
  },
});
