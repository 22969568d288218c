import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from './_fixture';
import { extractAll, facts, lines, src } from './_ts';

describe('TS/JS facts: Fastify', () => {
  const all = extractAll(fixture('fastify'));

  it('reads a CommonJS app built by `require("fastify")(…)`, its required plugins and their options', () => {
    const f = all.get('catalog/server.js')!;
    assert.deepEqual(f.apps.map((a) => [a.id, a.framework, a.variable, a.serviceDir]), [['catalog/server.js#fastify', 'fastify', 'fastify', 'catalog']]);
    assert.deepEqual(lines(f.facts), [
      'capability security-headers @fastify/helmet app=catalog/server.js#fastify @8:18',
      'capability cors @fastify/cors app=catalog/server.js#fastify @9:18',
      'cors @fastify/cors list credentials=true @10:11',
      'capability rate-limit @fastify/rate-limit app=catalog/server.js#fastify @13:18',
      'rate-limit @fastify/rate-limit key=forwarded-for-raw storage=shared @13:1',
      'mount catalog/routes/products.js#default on catalog/server.js#fastify prefix=/products @20:1',
      'route GET /health app=catalog/server.js#fastify @22:1',
      'debug literal:error.stack @26:79',
      'capability graceful-shutdown close-with-grace @29:1',
      'serve app.listen app=catalog/server.js#fastify graceful @33:1',
    ]);
  });

  it('makes plugins routers: `module.exports = async function (fastify)` and a typed `FastifyPluginAsync` export', () => {
    assert.deepEqual(lines(all.get('catalog/routes/products.js')!.facts), [
      'router catalog/routes/products.js#default prefix= @3:18',
      'route GET / router=catalog/routes/products.js#default @4:3',
      'route GET /:sku router=catalog/routes/products.js#default @5:3',
    ]);
    assert.deepEqual(lines(all.get('orders/src/orders.ts')!.facts), [
      'router orders/src/orders.ts#default prefix= @3:42',
      'route GET / router=orders/src/orders.ts#default @4:3',
      'route POST / router=orders/src/orders.ts#default @5:3',
    ]);
  });

  it('reads a TS app built in an async factory: bare @fastify/cors, a prefixed plugin, `route()` with several methods', () => {
    const f = all.get('orders/src/app.ts')!;
    assert.deepEqual(lines(f.facts), [
      'capability error-tracking @sentry/node @8:3',
      'capability cors @fastify/cors app=orders/src/app.ts#app @9:22',
      'cors @fastify/cors any credentials=false @9:9',
      'mount orders/src/orders.ts#default on orders/src/app.ts#app prefix=/v1/orders @10:9',
      'route GET /livez app=orders/src/app.ts#app @11:3',
      'route HEAD /livez app=orders/src/app.ts#app @11:3',
    ]);
    assert.deepEqual(lines(all.get('orders/src/instrument.ts')!.facts), [
      'capability error-tracking @sentry/node @3:1',
      "trace-sampling @sentry/node external:Number(process.env.SENTRY_TRACES_SAMPLE_RATE ?? '0.05') @5:21",
    ]);
    // Served from main.ts on the app another module built: no app id, the service's app.
    assert.deepEqual(lines(all.get('orders/src/main.ts')!.facts), ['serve app.listen @6:9']);
  });

  it('makes inline plugins routers too, and autoload/static opaque mounts', () => {
    const f = facts({
      'app.mjs': src(
        "import Fastify from 'fastify';",
        "import autoload from '@fastify/autoload';",
        "import fastifyStatic from '@fastify/static';",
        'const app = Fastify();',
        "app.register(autoload, { dir: new URL('./routes', import.meta.url).pathname, options: { prefix: '/api' } });",
        "app.register(fastifyStatic, { root: '/srv/public', prefix: '/public/' });",
        'app.register(async (v2) => {',
        "  v2.get('/status', async () => ({ ok: true }));",
        "}, { prefix: '/v2' });",
        'await app.listen({ port: 3000 });',
      ),
    }, 'app.mjs');
    assert.deepEqual(lines(f.facts, ['router', 'mount', 'route']), [
      'mount (opaque) on app.mjs#app prefix= @5:1',
      'mount (opaque) on app.mjs#app prefix=/public/ @6:1',
      'router app.mjs#L7 prefix= @7:14',
      'mount app.mjs#L7 on app.mjs#app prefix=/v2 @7:1',
      'route GET /status router=app.mjs#L7 @8:3',
    ]);
  });
});
