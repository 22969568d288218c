import { defineRule } from '../../server/src/core/rule';
import { capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';

export default defineRule({
  id: 'code/missing-error-tracking',
  meta: {
    category: 'observability',
    severity: 'info',
    summary: 'An HTTP app reports its errors nowhere (no Sentry, Rollbar, Bugsnag, Honeybadger or OpenTelemetry exporter).',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const model = codeModel(ctx.workspace);
    for (const service of model.services.values()) {
      for (const app of service.apps) {
        if (capabilities(service, 'error-tracking').length) {
          ctx.pass();
          continue;
        }
        ctx.report({
          file: app.constructorLoc.file,
          range: app.constructorLoc.range,
          message: `${describeApp(app)} has no error tracking (Sentry, Rollbar, Bugsnag, Honeybadger, an OpenTelemetry exporter): unhandled exceptions in production end up only in container logs, without stack context or alerting.`,
        });
      }
    }
  },
});
