import { defineRule } from '../../server/src/core/rule';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf } from './_code';

export default defineRule({
  id: 'code/server-without-timeouts',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A Go HTTP server is started without read timeouts (`http.ListenAndServe`, gin `r.Run()`, echo `e.Start()`): slow clients hold connections forever.',
    fixes: ['unsafe'],
    aliases: ['G112', 'G114'],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const s of factsOf(model, ws, 'serve')) {
      // Node's http server has header/request timeouts by default; Python servers are configured by gunicorn/uvicorn.
      if (languageOf(s.loc.file) !== 'go') continue;
      if (s.timeouts?.readHeader || s.timeouts?.read) {
        ctx.pass();
        continue;
      }
      ctx.report({
        file: s.loc.file,
        range: s.loc.range,
        message: `${s.call} starts a server with no ReadHeaderTimeout or ReadTimeout: a client that sends headers slowly (Slowloris) keeps a connection and a goroutine forever, and a few thousand of them exhaust the server. Use an explicit http.Server with timeouts.`,
        fixes: buildFixes('go', (f) => f.addServerTimeouts?.(s, ws)),
      });
    }
  },
});
