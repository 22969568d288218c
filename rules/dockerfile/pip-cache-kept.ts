import { defineRule } from '../../server/src/core/rule';
import { findFlag, programName } from '../../server/src/parsers/shell/commands';
import { pipSubcommand } from '../shell/_shell';
import { cacheMountCovers, commandsOf, envAt, imageStages, insertAfterWord, scriptsOf } from './_b';

// Cache directories pip uses as root or as a user (`~/.cache/pip`, `$HOME/.cache/pip`).
const PIP_CACHE = /(^|\/)\.cache(\/pip)?$|^\/root\/\.cache(\/pip)?$|pip/;
const PIP_CACHE_PATH = /(^|\/|~|\$\{?HOME\}?)\/?\.cache(\/pip)?\/?(\*)?$/;

export default defineRule({
  id: 'dockerfile/pip-cache-kept',
  meta: {
    category: 'containers',
    severity: 'info',
    summary: '`pip install` without `--no-cache-dir` keeps pip\'s download cache in the image.',
    fixes: ['safe'],
    aliases: ['DL3042'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    for (const stage of imageStages(model).reverse()) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const mounted = cacheMountCovers(ins, PIP_CACHE);
        const envOff = (envAt(stage, ins, 'PIP_NO_CACHE_DIR') ?? '') !== '';
        for (const { script } of scriptsOf(ins)) {
          const commands = commandsOf(script);
          // Cleaning up in the same RUN keeps the cache out of the layer too.
          const purged = commands.some(
            (eff) =>
              (pipSubcommand(eff)?.text === 'cache' && eff.args.some((w) => w.text === 'purge')) ||
              (programName(eff.name) === 'rm' && eff.args.some((w) => PIP_CACHE_PATH.test(w.text) || PIP_CACHE_PATH.test(w.raw))),
          );
          let exported = false;
          for (const eff of commands) {
            const name = programName(eff.name);
            if ((name === 'export' && eff.args.some((w) => /^PIP_NO_CACHE_DIR=./.test(w.text))) ||
                (pipSubcommand(eff)?.text === 'config' && eff.args.some((w) => /no-cache-dir/.test(w.text)))) exported = true;
            const verb = pipSubcommand(eff);
            if (verb?.text !== 'install') continue;
            const off =
              mounted || envOff || purged || exported ||
              findFlag(eff.args, [], ['no-cache-dir']) !== undefined ||
              eff.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR' && a.value !== '');
            if (off) {
              ctx.pass();
              continue;
            }
            const program = programName(eff.name);
            const shown = /^pip/.test(program ?? '') ? `${program} install` : `${program} -m pip install`;
            ctx.report({
              file: file.path,
              range: verb.range,
              message: `\`${shown}\` without \`--no-cache-dir\` leaves pip's download cache (often tens of MB) in the image layer.`,
              fixes: [{ title: 'Add --no-cache-dir', safety: 'safe', changes: [{ file: file.path, edits: [insertAfterWord(verb, ' --no-cache-dir')] }] }],
            });
          }
        }
      }
    }
  },
});
