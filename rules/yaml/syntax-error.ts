import { defineRule } from '../../server/src/core/rule';
import { yamlOf } from '../../server/src/parsers/yaml';

export default defineRule({
  id: 'yaml/syntax-error',
  meta: {
    category: 'configuration',
    severity: 'error',
    summary: 'A YAML file Readiness analyses does not parse: the tool that reads it will refuse it.',
    fixes: [],
    aliases: ['invalid-yaml'],
    scope: 'file',
    // Every YAML kind Readiness builds a model of.
    kinds: ['compose', 'github-workflow', 'github-action', 'gitlab-ci', 'dependabot', 'pre-commit'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const yaml = yamlOf(ctx.workspace, file);
    const errors = yaml.errors.filter((e) => !(e.code === 'DUPLICATE_KEY' && file.kind === 'gitlab-ci'));
    if (!errors.length) {
      ctx.pass();
      return;
    }
    for (const e of errors) {
      const partial = yaml.documents.some((d) => d.contents) ? ' Readiness analyses what it could read; the rest is skipped.' : '';
      ctx.report({ file: file.path, range: e.range, message: `${e.message}${e.code === 'TOO_DEEP' ? '' : partial}` });
    }
  },
});
