import { defineRule } from '../../server/src/core/rule';
import { programName } from '../../server/src/parsers/shell/commands';
import type { DockerInstruction } from '../../server/src/parsers/dockerfile/model';
import { appendCommandEdit, cacheMountCovers, commandsOf, imageStages, installsIn, scriptsOf } from './_b';

const LISTS = /^\/var\/lib\/apt\/lists(\/(\*|\.\*|\*\*)?)?\/?$/;
const REMOVE = 'rm -rf /var/lib/apt/lists/*';

/** Whether a RUN deletes the apt lists itself (`rm -rf /var/lib/apt/lists/*`, `find … -delete`). */
function removesLists(ins: DockerInstruction): boolean {
  return scriptsOf(ins).some(({ script }) =>
    commandsOf(script).some((eff) => {
      const name = programName(eff.name);
      if (name === 'rm') return eff.args.some((w) => LISTS.test(w.text) || LISTS.test(w.raw));
      if (name === 'find') return eff.args.some((w) => LISTS.test(w.text)) && eff.args.some((w) => w.text === '-delete' || w.text === '-exec');
      return false;
    }),
  );
}

export default defineRule({
  id: 'dockerfile/apt-lists-not-removed',
  meta: {
    category: 'containers',
    severity: 'info',
    summary: '`apt-get install` leaves the package lists in the layer because the same RUN does not remove /var/lib/apt/lists.',
    fixes: ['safe'],
    aliases: ['DL3009'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    const seen = new Set<DockerInstruction>();
    for (const site of installsIn(imageStages(model), 'apt')) {
      const ins = site.instruction;
      if (seen.has(ins)) continue;
      seen.add(ins);
      if (removesLists(ins) || cacheMountCovers(ins, /^\/var\/lib\/apt(\/lists)?$/)) {
        ctx.pass();
        continue;
      }
      const program = programName(site.install.command.name);
      // The removal goes at the end of the script that installs (the heredoc, or the shell form).
      const edit = appendCommandEdit(file, site.script, REMOVE);
      ctx.report({
        file: file.path,
        range: site.install.command.name.range,
        message: `\`${program} install\` leaves the package lists (/var/lib/apt/lists, often 20–50 MB) in this layer: remove them in the same RUN, or use a cache mount.`,
        fixes: edit ? [{ title: 'Append rm -rf /var/lib/apt/lists/*', safety: 'safe', changes: [{ file: file.path, edits: [edit] }] }] : undefined,
      });
    }
  },
});
