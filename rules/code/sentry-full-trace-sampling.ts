import { defineRule } from '../../server/src/core/rule';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf } from './_code';

export default defineRule({
  id: 'code/sentry-full-trace-sampling',
  meta: {
    category: 'observability',
    severity: 'warning',
    summary: 'Tracing samples 100 % of requests (`traces_sample_rate=1.0`): every request is traced and billed in production.',
    fixes: ['safe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const s of factsOf(model, ws, 'trace-sampling')) {
      const v = s.value.literal;
      if (s.value.origin !== 'literal' || typeof v !== 'number' || v < 1) {
        ctx.pass();
        continue;
      }
      ctx.report({
        file: s.value.loc.file,
        range: s.value.loc.range,
        message: `${s.value.text} traces every request: the quick-start value. In production it sends (and bills) a transaction per request and adds overhead to each; Sentry recommends a lower rate there. Read the rate from the environment with a low default.`,
        fixes: buildFixes(languageOf(s.value.loc.file), (f) => f.sampleRateFromEnv?.(s, ws)),
      });
    }
  },
});
