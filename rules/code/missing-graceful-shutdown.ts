import { defineRule } from '../../server/src/core/rule';
import type { ServeFact } from '../../server/src/model/app';
import { buildFixes, capabilities, CODE_RULE_KINDS, codeModel, describeApp } from './_code';

export default defineRule({
  id: 'code/missing-graceful-shutdown',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A Node or Go server does not stop gracefully on SIGTERM: in-flight requests are cut at every deploy.',
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
      for (const app of service.apps) {
        // Python servers (gunicorn, uvicorn) and Next.js drain on SIGTERM themselves.
        if (app.language === 'python' || app.framework === 'nextjs') continue;
        const serves = service.facts.filter((f): f is ServeFact => f.kind === 'serve' && (f.appId === undefined || f.appId === app.id));
        // No server started in code (serverless handler, exported app): nothing to shut down here.
        if (!serves.length) continue;
        if (capabilities(service, 'graceful-shutdown').length || serves.some((s) => s.gracefulShutdown === true)) {
          ctx.pass();
          continue;
        }
        const serve = serves.find((s) => s.gracefulShutdown !== true) ?? serves[0];
        const how = app.language === 'go' ? 'the server is not shut down with `srv.Shutdown(ctx)` on a signal context' : 'nothing handles SIGTERM (`process.on("SIGTERM")`, terminus, `enableShutdownHooks()`)';
        ctx.report({
          file: serve.loc.file,
          range: serve.loc.range,
          message: `${describeApp(app)} is started here but ${how}: on every deploy or scale-down the process is killed with requests in flight, which fail with connection resets.`,
          fixes: buildFixes(app.language, (f) => f.addGracefulShutdown?.(app, serve, ws)),
        });
      }
    }
  },
});
