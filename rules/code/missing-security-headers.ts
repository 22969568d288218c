import { defineRule } from '../../server/src/core/rule';
import { nginxEvidence } from '../../server/src/parsers/nginx/index';
import { buildFixes, capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';

export default defineRule({
  id: 'code/missing-security-headers',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'An HTTP app sends no security headers (HSTS, nosniff, frame options, CSP) and no proxy adds them.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: [...CODE_RULE_KINDS, 'nginx'],
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    const proxy = nginxEvidence(ws).securityHeaders;
    for (const service of model.services.values()) {
      for (const app of service.apps) {
        if (capabilities(service, 'security-headers').length || proxy.length) {
          ctx.pass();
          continue;
        }
        const layer = { python: app.framework === 'django' ? '`django.middleware.security.SecurityMiddleware`' : app.framework === 'flask' ? 'Talisman' : 'a headers middleware', typescript: 'helmet', javascript: 'helmet', go: 'a secure-headers middleware' }[app.language];
        ctx.report({
          file: app.constructorLoc.file,
          range: app.constructorLoc.range,
          message: `${describeApp(app)} sets no security headers (Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, Content-Security-Policy) and no nginx config adds them: browsers allow downgrade, MIME sniffing and framing. Add ${layer}.`,
          fixes: buildFixes(app.language, (f) => f.addSecurityHeaders?.(app, ws)),
        });
      }
    }
  },
});
