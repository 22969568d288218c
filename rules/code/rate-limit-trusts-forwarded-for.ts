import { defineRule } from '../../server/src/core/rule';
import { CODE_RULE_KINDS, codeModel, factsOf } from './_code';

export default defineRule({
  id: 'code/rate-limit-trusts-forwarded-for',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'A rate limiter is keyed on the raw X-Forwarded-For header, which clients can set to anything.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const r of factsOf(model, ws, 'rate-limit-config')) {
      if (r.key !== 'forwarded-for-raw') {
        ctx.pass();
        continue;
      }
      const at = r.keyLoc ?? r.loc;
      const drf = r.library === 'drf-throttling';
      ctx.report({
        file: at.file,
        range: at.range,
        message: drf
          ? 'DRF throttling identifies clients by the X-Forwarded-For header as sent when `NUM_PROXIES` is not set: a client sending a different X-Forwarded-For on each request is a new client each time, so the limits never apply. Set `NUM_PROXIES` in REST_FRAMEWORK to the number of proxies in front of the app.'
          : `The ${r.library} limiter keys requests on the first X-Forwarded-For value, which the client controls: a proxy appends to the header, it does not replace it. Rotating that value bypasses the limit (or locks out someone else). Key on the address your trusted proxy sets (the last hop, or the remote address behind a configured proxy-headers middleware).`,
      });
    }
  },
});
