import { defineRule } from '../../server/src/core/rule';
import { capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';

export default defineRule({
  id: 'code/missing-metrics',
  meta: {
    category: 'observability',
    severity: 'info',
    summary: 'An HTTP app exposes no metrics (Prometheus client/instrumentator, OpenTelemetry metrics).',
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
        if (capabilities(service, 'metrics').length) {
          ctx.pass();
          continue;
        }
        const lib = { python: app.framework === 'django' ? 'django-prometheus' : app.framework === 'flask' ? 'prometheus-flask-exporter' : 'prometheus-fastapi-instrumentator', typescript: 'prom-client', javascript: 'prom-client', go: 'promhttp' }[app.language];
        ctx.report({
          file: app.constructorLoc.file,
          range: app.constructorLoc.range,
          message: `${describeApp(app)} exposes no metrics: request rate, latency and error ratio cannot be graphed or alerted on. Add ${lib} (or OpenTelemetry metrics).`,
        });
      }
    }
  },
});
