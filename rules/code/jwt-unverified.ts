import { defineRule } from '../../server/src/core/rule';
import { CODE_RULE_KINDS, codeModel, factsOf } from './_code';

export default defineRule({
  id: 'code/jwt-unverified',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A JWT is accepted without verifying its signature (alg none, verification disabled, decode instead of verify).',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const j of factsOf(model, ws, 'jwt-unverified')) {
      ctx.report({
        file: j.loc.file,
        range: j.loc.range,
        message: `JWT signature not verified (${j.what}): anyone can forge a token with any claims (user id, roles) and it is accepted. Verify with the expected algorithm and key.`,
      });
    }
  },
});
