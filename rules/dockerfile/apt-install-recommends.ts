import { defineRule } from '../../server/src/core/rule';
import { findFlag, programName } from '../../server/src/parsers/shell/commands';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { ancestry, imageStages, insertAfterWord, installsIn } from './_b';

const NO_RECOMMENDS_OPTION = /^(--option=|-o)?APT::Install-Recommends=("?)(false|0|no|off)\2$/i;
/** An apt.conf line switching recommends off (`APT::Install-Recommends "false";`). */
const NO_RECOMMENDS_CONF = /APT::Install-Recommends\s+"(false|0)"/i;

/** Whether an earlier instruction of the image wrote an apt.conf setting that turns recommends off. */
function configuredOff(stage: DockerStage, before: DockerInstruction): boolean {
  for (const s of ancestry(stage)) {
    const limit = s === stage ? s.instructions.indexOf(before) : s.instructions.length;
    for (const ins of s.instructions.slice(0, limit)) {
      if (NO_RECOMMENDS_CONF.test(ins.argsText) || ins.heredocs.some((h) => NO_RECOMMENDS_CONF.test(h.body))) return true;
    }
  }
  return false;
}

export default defineRule({
  id: 'dockerfile/apt-install-recommends',
  meta: {
    category: 'containers',
    severity: 'info',
    summary: '`apt-get install` without `--no-install-recommends` also installs every recommended package.',
    fixes: ['safe'],
    aliases: ['DL3015'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    for (const site of installsIn(imageStages(model), 'apt')) {
      const { command, verb } = site.install;
      const program = programName(command.name);
      const args = command.args;
      const off =
        program === 'aptitude'
          ? findFlag(args, ['R'], ['without-recommends']) !== undefined
          : findFlag(args, [], ['no-install-recommends']) !== undefined ||
            args.some((w, i) => NO_RECOMMENDS_OPTION.test(w.text) || ((w.text === '-o' || w.text === '--option') && NO_RECOMMENDS_OPTION.test(args[i + 1]?.text ?? '')));
      if (off || configuredOff(site.stage, site.instruction)) {
        ctx.pass();
        continue;
      }
      const flag = program === 'aptitude' ? '--without-recommends' : '--no-install-recommends';
      ctx.report({
        file: file.path,
        range: verb.range,
        message: `\`${program} install\` without \`${flag}\` also installs every package the ones you asked for merely recommend, which bloats the image and widens its attack surface.`,
        fixes: [{ title: `Add ${flag}`, safety: 'safe', changes: [{ file: file.path, edits: [insertAfterWord(verb, ` ${flag}`)] }] }],
      });
    }
  },
});
