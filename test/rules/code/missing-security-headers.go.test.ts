import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-security-headers';

const CHI = go(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/go-chi/chi/v5"',
  ')',
  '',
  'func main() {',
  '\tr := chi.NewRouter()',
  '\tr.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {})',
  '\t_ = http.ListenAndServe(":8080", r)',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags gin and chi apps without a headers layer', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:13:7']);
    assert.deepEqual(await spots(RULE, fixture('catalog')), ['cmd/catalog/main.go:17:7']);
  });

  it('does not flag echo Secure(), fiber helmet, headers set by hand, unrolled/secure, or nginx add_header', async () => {
    assert.deepEqual(await spots(RULE, fixture('notify')), []);
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    const unrolled = CHI.replace('\tr := chi.NewRouter()', '\tr := chi.NewRouter()\n\tr.Use(secure.New(secure.Options{FrameDeny: true}).Handler)').replace('"github.com/go-chi/chi/v5"', '"github.com/go-chi/chi/v5"\n\t"github.com/unrolled/secure"');
    assert.deepEqual(await spots(RULE, { 'main.go': unrolled }), []);
    const nginx = 'server {\n  listen 443 ssl;\n  add_header Strict-Transport-Security "max-age=63072000" always;\n}\n';
    assert.deepEqual(await spots(RULE, { 'main.go': CHI, 'conf.d/api.conf': nginx }), []);
  });

  it('fix (gin): a headers middleware; (chi): unrolled/secure and its go.mod line', async () => {
    const gin = await checkGoFix(RULE, fixture('gin-shop'));
    assert.ok(gin['main.go'].includes(go(
      '\tr := gin.Default()',
      '\tr.Use(func(c *gin.Context) {',
      '\t\th := c.Writer.Header()',
      '\t\th.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")',
      '\t\th.Set("X-Content-Type-Options", "nosniff")',
      '\t\th.Set("X-Frame-Options", "DENY")',
      '\t\th.Set("Referrer-Policy", "strict-origin-when-cross-origin")',
      '\t\tc.Next()',
      '\t})',
    )));
    const files = { 'go.mod': goMod('example.com/a', 'github.com/go-chi/chi/v5 v5.0.12'), 'main.go': CHI };
    const chi = await checkGoFix(RULE, files);
    assert.match(chi['main.go'], /\tr := chi.NewRouter\(\)\n\tr.Use\(secure.New\(secure.Options\{STSSeconds: 31536000, .*\}\).Handler\)\n/);
    assert.match(chi['main.go'], /"github.com\/go-chi\/chi\/v5"\n\t"github.com\/unrolled\/secure"\n\)/);
  });

  it('fix (echo, fiber, net/http): SecureWithConfig with HSTS, helmet, a wrapped mux', async () => {
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    const e = await checkGoFix(RULE, { 'main.go': echo });
    assert.match(e['main.go'], /\te.Use\(middleware.SecureWithConfig\(middleware.SecureConfig\{ContentTypeNosniff: "nosniff", XFrameOptions: "SAMEORIGIN", HSTSMaxAge: 31536000\}\)\)/);
    const fiber = go('package main', '', 'import "github.com/gofiber/fiber/v2"', '', 'func main() {', '\tapp := fiber.New()', '\t_ = app.Listen(":3000")', '}');
    const f = await checkGoFix(RULE, { 'main.go': fiber });
    assert.match(f['main.go'], /\tapp.Use\(helmet.New\(\)\)\n/);
    assert.match(f['main.go'], /"github.com\/gofiber\/fiber\/v2\/middleware\/helmet"/);
    const mux = go('package main', '', 'import (', '\t"log"', '\t"net/http"', ')', '', 'func main() {', '\tmux := http.NewServeMux()', '\tlog.Fatal(http.ListenAndServe(":8080", mux))', '}');
    const m = await checkGoFix(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': mux });
    assert.match(m['main.go'], /http.ListenAndServe\(":8080", secure.New\(secure.Options\{.*\}\).Handler\(mux\)\)/);
  });
});
