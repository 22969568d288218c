import { defineRule } from '../../server/src/core/rule';
import { nginxEvidence } from '../../server/src/parsers/nginx/index';
import { buildFixes, capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';

export default defineRule({
  id: 'code/missing-rate-limit',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'An HTTP app has no rate limiting anywhere: one client can exhaust it.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: [...CODE_RULE_KINDS, 'nginx'],
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    const proxy = nginxEvidence(ws).rateLimit;
    for (const service of model.services.values()) {
      for (const app of service.apps) {
        // A limiter anywhere in the service, or `limit_req` in the workspace's nginx, protects it.
        if (capabilities(service, 'rate-limit').length || proxy.length) {
          ctx.pass();
          continue;
        }
        ctx.report({
          file: app.constructorLoc.file,
          range: app.constructorLoc.range,
          message: `${describeApp(app)} has no rate limiting: no limiter in its service${service.dir ? ` (${service.dir}/)` : ''} and no \`limit_req\` in an nginx config. A single client (or a retry loop) can exhaust workers, the database or a paid upstream.`,
          fixes: buildFixes(app.language, (f) => f.addRateLimit?.(app, ws)),
        });
      }
    }
  },
});
