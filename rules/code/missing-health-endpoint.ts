import { defineRule } from '../../server/src/core/rule';
import { buildFixes, capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';
import { healthRoutes, serviceProbes } from './_health';

export default defineRule({
  id: 'code/missing-health-endpoint',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'An HTTP app exposes no health route (/health, /healthz, /livez, /readyz, /ping…) for probes and load balancers.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const service of model.services.values()) {
      if (!service.apps.length) continue;
      if (healthRoutes(service).length || capabilities(service, 'health').length) {
        ctx.pass(service.apps.length);
        continue;
      }
      // The path the deployment already probes, so that one fix repairs the healthcheck too.
      const probed = serviceProbes(ws, service)[0]?.path;
      for (const app of service.apps) {
        ctx.report({
          file: app.constructorLoc.file,
          range: app.constructorLoc.range,
          message: `${describeApp(app)} has no health route (/health, /healthz, /livez, /readyz, /ping…): orchestrators and load balancers cannot tell a hung process from a healthy one${probed ? `, and the deployment's healthcheck probes ${probed}` : ''}.`,
          fixes: buildFixes(app.language, (f) => f.addHealthRoute?.(app, ws, probed && probed !== '/' ? { path: probed } : undefined)),
        });
      }
    }
  },
});
