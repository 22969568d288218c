import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractAll, fixture, go, goMod, ofKind, routes } from './_helpers';

describe('Go extraction: gin with groups and a separate routes.go', () => {
  it('finds the app, its serving, CORS and gin debug mode in main.go', async () => {
    const all = await extractAll(fixture('gin-shop'));
    const main = all.get('main.go')!;
    assert.equal(main.hasErrors, false);
    assert.deepEqual(main.apps.map((a) => [a.id, a.framework, a.variable, a.constructorLoc.range.start.line]), [['main.go#r', 'gin', 'r', 12]]);
    const [serve] = ofKind(main, 'serve');
    assert.equal(serve.call, 'r.Run');
    assert.deepEqual(serve.timeouts, {});
    assert.equal(serve.gracefulShutdown, false);
    assert.equal(serve.replaceable, true);
    const [cors] = ofKind(main, 'cors');
    assert.deepEqual([cors.library, cors.origins, cors.credentials, cors.appId], ['gin-contrib/cors', 'any', true, 'main.go#r']);
    assert.equal(cors.originLoc.range.start.line, 14, 'anchored on AllowAllOrigins');
    const [debug] = ofKind(main, 'debug');
    assert.equal(debug.production, true, 'package main of a service with a production Dockerfile');
    assert.equal(debug.value.text, 'gin.Default()');
  });

  it('resolves group prefixes, constants and http.Method* in routes.go; JWT in another package', async () => {
    const all = await extractAll(fixture('gin-shop'));
    assert.deepEqual(routes(all.get('routes.go')), ['GET /ping', 'GET /api/v1/orders', 'GET /api/v1/orders/:id', 'POST /api/v1/orders', 'DELETE /api/v1/carts/:id']);
    assert.deepEqual(all.get('routes.go')!.imports, ['internal/handlers/handlers.go']);
    assert.deepEqual(ofKind(all.get('internal/handlers/handlers.go'), 'jwt-unverified').map((j) => j.what), ['ParseUnverified']);
  });

  it('GIN_MODE=release in the Dockerfile, or gin.SetMode in any file, turns the debug fact off', async () => {
    const files = fixture('gin-shop');
    const withEnv = { ...files, Dockerfile: files.Dockerfile.replace('EXPOSE 8080', 'ENV GIN_MODE=release\nEXPOSE 8080') };
    assert.deepEqual(ofKind((await extractAll(withEnv)).get('main.go'), 'debug'), []);
    const withCall = { ...files, 'config.go': files['config.go'].replace('func loadConfig', 'func init() { gin.SetMode(gin.ReleaseMode) }\n\nfunc loadConfig') };
    assert.deepEqual(ofKind((await extractAll(withCall)).get('main.go'), 'debug'), []);
    const external = { ...files, 'config.go': files['config.go'].replace('func loadConfig', 'func init() { gin.SetMode(os.Getenv("MODE")) }\n\nfunc loadConfig') };
    assert.equal(ofKind((await extractAll(external)).get('main.go'), 'debug')[0].value.origin, 'external');
    const { Dockerfile: _, ...undeployed } = files;
    assert.equal(ofKind((await extractAll(undeployed)).get('main.go'), 'debug')[0].production, false);
  });
});

describe('Go extraction: net/http with Go 1.22 patterns', () => {
  it('reads methods from patterns, server timeouts, graceful shutdown, Sentry, promhttp and httprate', async () => {
    const all = await extractAll(fixture('billing'));
    const main = all.get('main.go')!;
    assert.deepEqual(main.apps.map((a) => [a.framework, a.variable, a.routesResolved]), [['net/http', 'mux', true]]);
    assert.deepEqual(routes(main), ['GET /healthz', 'GET /invoices/{id}', 'POST /invoices', 'GET /metrics']);
    const [serve] = ofKind(main, 'serve');
    assert.equal(serve.call, 'http.Server');
    assert.equal(serve.appId, 'main.go#mux', 'Handler: httprate.LimitByIP(…)(mux) is the mux');
    assert.deepEqual(Object.fromEntries(Object.entries(serve.timeouts!).map(([k, v]) => [k, v?.literal])), { readHeader: 5, read: 15, write: 30, idle: 120 });
    assert.equal(serve.gracefulShutdown, true);
    const caps = ofKind(main, 'capability').map((c) => `${c.capability}:${c.library}`);
    assert.deepEqual(caps, ['error-tracking:sentry-go', 'metrics:promhttp', 'rate-limit:httprate', 'graceful-shutdown:Shutdown']);
    const [limit] = ofKind(main, 'rate-limit-config');
    assert.deepEqual([limit.library, limit.key, limit.storage], ['httprate', 'remote-address', 'memory']);
    assert.deepEqual(ofKind(main, 'trace-sampling').map((t) => [t.value.text, t.value.literal]), [['1.0', 1]]);
  });

  it('a client with Timeout, a secure cookie and nosniff by hand in invoices.go', async () => {
    const inv = (await extractAll(fixture('billing'))).get('invoices.go')!;
    assert.deepEqual(ofKind(inv, 'outbound-call').map((o) => [o.call, o.hasTimeout]), [['&http.Client{}', true]]);
    const [cookie] = ofKind(inv, 'cookie');
    assert.deepEqual([cookie.secure?.literal, cookie.httpOnly?.literal], [true, true]);
    assert.deepEqual(ofKind(inv, 'capability').map((c) => c.library), ['custom headers']);
  });

  it('the default mux: http.HandleFunc and ListenAndServe(addr, nil), subtree patterns', async () => {
    const src = go(
      'package main',
      '',
      'import (',
      '\t"log"',
      '\t"net/http"',
      ')',
      '',
      'func main() {',
      '\thttp.HandleFunc("/ping", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("pong")) })',
      '\thttp.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("web"))))',
      '\tlog.Fatal(http.ListenAndServe(":8080", nil))',
      '}',
    );
    const f = (await extractAll({ 'go.mod': goMod('example.com/site'), 'main.go': src })).get('main.go')!;
    assert.deepEqual(f.apps.map((a) => [a.framework, a.variable, a.constructorLoc.range.start.line]), [['net/http', undefined, 8]]);
    assert.deepEqual(routes(f), ['* /ping', '* /static/']);
    assert.deepEqual(ofKind(f, 'mount').map((m) => [m.prefix, m.router]), [['/static', undefined]]);
    const [serve] = ofKind(f, 'serve');
    assert.deepEqual([serve.call, serve.appId, serve.replaceable], ['http.ListenAndServe', f.apps[0].id, true]);
  });
});

describe('Go extraction: chi with Route, Group and Mount', () => {
  it('composes prefixes through Route/Group and mounts a local sub-router', async () => {
    const all = await extractAll(fixture('catalog'));
    const main = all.get('cmd/catalog/main.go')!;
    assert.deepEqual(main.apps.map((a) => a.id), ['cmd/catalog/main.go#r'], 'adminRouter() is mounted, not an app');
    assert.deepEqual(routes(main), ['GET /livez', 'GET /v1/categories', 'POST /v1/admin/reindex']);
    assert.ok(ofKind(main, 'route').every((r) => r.appId === 'cmd/catalog/main.go#r'));
    assert.deepEqual(ofKind(main, 'mount').map((m) => [m.parent, m.prefix]), [['cmd/catalog/main.go#r', '/v1/products']]);
    assert.deepEqual(main.imports, ['internal/products/routes.go']);
  });

  it('LimitByRealIP keys on forwarded headers; rs/cors with * and credentials; ListenAndServe through c.Handler(r)', async () => {
    const main = (await extractAll(fixture('catalog'))).get('cmd/catalog/main.go')!;
    const [limit] = ofKind(main, 'rate-limit-config');
    assert.deepEqual([limit.key, limit.appId], ['forwarded-for-raw', 'cmd/catalog/main.go#r']);
    const [cors] = ofKind(main, 'cors');
    assert.deepEqual([cors.library, cors.origins, cors.credentials], ['rs/cors', 'any', true]);
    const [serve] = ofKind(main, 'serve');
    assert.deepEqual([serve.call, serve.appId], ['http.ListenAndServe', 'cmd/catalog/main.go#r']);
  });

  it('a router built in another package is not an app: its routes carry the mount prefix', async () => {
    const products = (await extractAll(fixture('catalog'))).get('internal/products/routes.go')!;
    assert.deepEqual(products.apps, []);
    assert.deepEqual(routes(products), ['GET /products', 'GET /products/{id}', 'PUT /products/{id}']);
  });
});

describe('Go extraction: echo and fiber', () => {
  it('echo: middleware, groups, e.Server timeouts, Shutdown on a signal context', async () => {
    const main = (await extractAll(fixture('notify'))).get('main.go')!;
    assert.deepEqual(routes(main), ['GET /health', 'POST /v1/notifications', 'GET /v1/notifications/:id']);
    assert.deepEqual(ofKind(main, 'capability').map((c) => `${c.capability}:${c.library}`), ['cors:echo CORS', 'security-headers:echo Secure', 'rate-limit:echo RateLimiter', 'graceful-shutdown:Shutdown']);
    const [serve] = ofKind(main, 'serve');
    assert.deepEqual([serve.call, Object.keys(serve.timeouts!).sort(), serve.gracefulShutdown], ['e.Start', ['readHeader', 'write'], true]);
    const [limit] = ofKind(main, 'rate-limit-config');
    assert.deepEqual([limit.library, limit.key, limit.storage], ['echo', 'forwarded-for-raw', 'memory'], 'echo keys on RealIP(), which trusts X-Forwarded-For without an IPExtractor');
    const [cookie] = ofKind(main, 'cookie');
    assert.deepEqual([cookie.secure, cookie.httpOnly], [undefined, undefined]);
  });

  it('fiber: config timeouts, helmet, limiter, healthcheck routes, Route groups, ShutdownWithTimeout', async () => {
    const main = (await extractAll(fixture('edge'))).get('main.go')!;
    assert.deepEqual(routes(main), ['GET /livez', 'GET /readyz', 'GET /api/quotes/:symbol', 'POST /admin/flush']);
    const [serve] = ofKind(main, 'serve');
    assert.deepEqual([serve.call, Object.keys(serve.timeouts!).sort(), serve.gracefulShutdown], ['app.Listen', ['idle', 'read', 'write'], true]);
    const [cors] = ofKind(main, 'cors');
    assert.deepEqual([cors.origins, cors.credentials], ['external', true]);
    const [limit] = ofKind(main, 'rate-limit-config');
    assert.deepEqual([limit.library, limit.key, limit.storage], ['fiber', 'remote-address', 'memory']);
  });
});
