import { defineRule } from '../../server/src/core/rule';

export default defineRule({
  id: 'config/invalid-config',
  meta: {
    category: 'configuration',
    severity: 'error',
    summary: 'The .readiness.yaml configuration has an invalid key or value; the defaults are used for it.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['readiness-config'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const problems = ctx.workspace.configProblems().filter((p) => p.file === file.path);
    if (problems.length === 0) {
      ctx.pass();
      return;
    }
    for (const p of problems) ctx.report({ file: file.path, range: p.range, message: p.message });
  },
});
