import { defineRule } from '../../server/src/core/rule';
import { CODE_RULE_KINDS, codeModel, factsOf, languageOf } from './_code';

export default defineRule({
  id: 'code/outbound-call-without-timeout',
  meta: {
    category: 'reliability',
    severity: 'info',
    summary: 'An outbound HTTP call has no timeout: a slow upstream blocks the worker indefinitely.',
    fixes: ['safe'],
    aliases: ['B113'],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const c of factsOf(model, ws, 'outbound-call')) {
      if (c.hasTimeout) {
        ctx.pass();
        continue;
      }
      const python = languageOf(c.loc.file) === 'python';
      ctx.report({
        file: c.loc.file,
        range: c.loc.range,
        message: `${c.call}(…) has no timeout${python && c.call.startsWith('requests') ? ' (requests waits forever by default)' : ''}: when the upstream hangs, this request — and the worker serving it — hangs too, until every worker is stuck.`,
        fixes: c.fix ? [{ title: python ? 'Add timeout=10' : 'Add a 10 s timeout', safety: 'safe', changes: c.fix }] : [],
      });
    }
  },
});
