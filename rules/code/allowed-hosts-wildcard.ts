import { defineRule } from '../../server/src/core/rule';
import { CODE_RULE_KINDS, codeModel, factsOf, overridden } from './_code';

export default defineRule({
  id: 'code/allowed-hosts-wildcard',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'Host header validation accepts any host (Django `ALLOWED_HOSTS = ["*"]`, `TrustedHostMiddleware(allowed_hosts=["*"])`).',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const h of factsOf(model, ws, 'allowed-hosts')) {
      if (!h.production || overridden(model, ws, h.loc.file, h.setting, 'allowed-hosts')) continue;
      if (!h.wildcard) {
        ctx.pass();
        continue;
      }
      ctx.report({
        file: h.loc.file,
        range: h.loc.range,
        message: `${h.setting ? `${h.setting} contains` : 'allowed_hosts contains'} "*": any Host header is accepted, so password-reset links, absolute URLs and cache keys can be poisoned with an attacker's domain. List the service's real host names (from configuration).`,
      });
    }
  },
});
