import { defineRule } from '../../server/src/core/rule';
import { composeFileOf } from '../../server/src/parsers/compose';
import { deleteEntry } from '../../server/src/parsers/yaml';

export default defineRule({
  id: 'compose/obsolete-version',
  meta: {
    category: 'configuration',
    severity: 'info',
    summary: 'The top-level `version:` is obsolete: Compose v2 ignores it and warns on every run.',
    fixes: ['safe'],
    aliases: ['no-version-field'],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const model = composeFileOf(ctx.workspace, ctx.file!);
    if (!model.versions.length) {
      ctx.pass();
      return;
    }
    for (const entry of model.versions) {
      const edit = deleteEntry(model.yaml, entry);
      const shown = model.yaml.str(entry.value);
      ctx.report({
        file: model.path,
        range: model.yaml.rangeOf(entry.pair),
        message: `\`version${shown ? `: "${shown}"` : ''}\` is obsolete: Compose v2 ignores it (and warns "the attribute \`version\` is obsolete"); the file format is chosen by the Compose Specification, not by this field.`,
        fixes: edit ? [{ title: 'Remove the obsolete `version:` line', safety: 'safe', changes: [{ file: model.path, edits: [edit] }] }] : [],
      });
    }
  },
});
