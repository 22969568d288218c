import { defineRule } from '../../server/src/core/rule';
import { programName } from '../../server/src/parsers/shell/commands';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { imageContents, type InstalledPackage } from '../../server/src/model/image';
import { commandsOf, scriptsOf } from './_b';

const SYSTEM_MANAGERS = new Set(['apt', 'apk', 'yum', 'dnf', 'microdnf']);

/** Compilers, toolchains, header packages and git: needed to build, not to run. */
const BUILD_TOOL = /^(build-essential|build-base|alpine-sdk|gcc(-\d+)?|g\+\+(-\d+)?|clang(-\d+)?|cpp|make|cmake|autoconf|automake|libtool|musl-dev|linux-headers|git|[a-z0-9][a-z0-9.+-]*-(dev|devel))$/;

/** Programs the image's start command runs: a tool used at run time is not a leftover. */
function startPrograms(stages: DockerStage[]): Set<string> {
  const out = new Set<string>();
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
      for (const v of ins.execForm?.values ?? []) out.add(v.slice(v.lastIndexOf('/') + 1));
      for (const { script } of scriptsOf(ins)) for (const c of commandsOf(script)) out.add(programName(c.name) ?? '');
    }
  }
  return out;
}

/**
 * RUNs using the docker-library idiom `apt-mark auto '.*'` … `apt-get purge --auto-remove`: every
 * package the RUN installed (and did not mark manual) is removed at its end.
 */
function autoRemovingRuns(stages: DockerStage[]): Set<DockerInstruction> {
  const out = new Set<DockerInstruction>();
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      let marked = false;
      for (const { script } of scriptsOf(ins)) {
        for (const eff of commandsOf(script)) {
          const name = programName(eff.name);
          const words = eff.args.map((w) => w.text);
          if (name === 'apt-mark' && words.includes('auto')) marked = true;
          else if (marked && (name === 'apt-get' || name === 'apt') && (words.includes('autoremove') || (words.includes('purge') && words.includes('--auto-remove')))) out.add(ins);
        }
      }
    }
  }
  return out;
}

/** Build tools the final image still holds: installed in one of its stages and not removed later. */
export function leftoverBuildTools(model: DockerfileModel, final: DockerStage): InstalledPackage[] {
  const contents = imageContents(model, final);
  const run = startPrograms(contents.chain);
  const autoRemoved = autoRemovingRuns(contents.chain);
  return contents
    .installs()
    .filter((p) => SYSTEM_MANAGERS.has(p.manager) && !p.removed && BUILD_TOOL.test(p.name) && !run.has(p.name))
    .filter((p) => !(p.manager === 'apt' && autoRemoved.has(p.instruction)));
}

export default defineRule({
  id: 'dockerfile/build-tools-in-final-image',
  meta: {
    category: 'containers',
    severity: 'info',
    summary: 'The final image keeps compilers, header packages or git that were only needed to build.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: true,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    const final = model?.finalStage;
    if (!model || !final) return;
    if (ctx.workspace.stageEnvironment(file.path, final.name) === 'development') return;
    const tools = leftoverBuildTools(model, final);
    if (!tools.length) {
      ctx.pass();
      return;
    }
    const names = [...new Set(tools.map((p) => p.name))];
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    ctx.report({
      file: file.path,
      range: tools[0].range,
      message: `The final image keeps build tools (${shown}): compile in a builder stage and copy only the results, or remove them in the same RUN that installs them.`,
    });
  },
});
