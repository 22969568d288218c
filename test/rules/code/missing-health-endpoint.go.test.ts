import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-health-endpoint';

const ECHO = go(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/labstack/echo/v4"',
  ')',
  '',
  'func main() {',
  '\te := echo.New()',
  '\te.GET("/orders", func(c echo.Context) error { return c.NoContent(http.StatusOK) })',
  '\te.Logger.Fatal(e.Start(":1323"))',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags an app whose routes (resolved through groups and mounts) include no health path', async () => {
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': ECHO }), ['main.go:10:7']);
    const grouped = ECHO.replace('\te.GET("/orders"', '\tg := e.Group("/api")\n\tg.GET("/orders"');
    assert.deepEqual(await spots(RULE, { 'main.go': grouped }), ['main.go:10:7']);
  });

  it('does not flag /ping, /healthz, /livez, /health in any framework, routes in another file, or fiber healthcheck', async () => {
    for (const name of ['gin-shop', 'billing', 'catalog', 'notify', 'edge']) assert.deepEqual(await spots(RULE, fixture(name)), [], name);
    const routes = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func routes(e *echo.Echo) {', '\te.GET("/status", status)', '}');
    assert.deepEqual(await spots(RULE, { 'main.go': ECHO, 'routes.go': routes }), []);
  });

  it('fix: a liveness route in the app\'s style, at the path the Dockerfile already probes', async () => {
    const files = {
      'go.mod': goMod('example.com/a'),
      'main.go': ECHO,
      Dockerfile: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["/app", "-probe", "http://localhost:1323/live"]\nCMD ["/app"]\n',
    };
    const [f] = await findingsOf(RULE, files);
    assert.equal(f.fixes[0].title, 'Add a /live liveness route');
    const fixed = await checkGoFix(RULE, files);
    assert.ok(fixed['main.go'].includes(go(
      '\te := echo.New()',
      '\te.GET("/live", func(c echo.Context) error {',
      '\t\treturn c.JSON(http.StatusOK, map[string]string{"status": "ok"})',
      '\t})',
    )), fixed['main.go']);
  });

  it('fix: gin, chi (after the last Use), net/http mux and default mux', async () => {
    const gin = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'func main() {', '\tr := gin.New()', '\tr.GET("/orders", nil)', '\t_ = r.Run()', '}');
    const g = await checkGoFix(RULE, { 'main.go': gin });
    assert.match(g['main.go'], /\tr := gin.New\(\)\n\tr.GET\("\/healthz", func\(c \*gin.Context\) \{\n\t\tc.JSON\(http.StatusOK, gin.H\{"status": "ok"\}\)\n\t\}\)\n/);
    assert.match(g['main.go'], /import \(\n\t"net\/http"\n\n\t"github.com\/gin-gonic\/gin"\n\)/);
    const chi = go('package main', '', 'import (', '\t"net/http"', '', '\t"github.com/go-chi/chi/v5"', '\t"github.com/go-chi/chi/v5/middleware"', ')', '', 'func main() {', '\tr := chi.NewRouter()', '\tr.Use(middleware.Logger)', '\tr.Use(middleware.Recoverer)', '\tr.Get("/orders", nil)', '\t_ = http.ListenAndServe(":8080", r)', '}');
    const c = await checkGoFix(RULE, { 'main.go': chi });
    assert.match(c['main.go'], /\tr.Use\(middleware.Recoverer\)\n\tr.Get\("\/healthz", func\(w http.ResponseWriter, _ \*http.Request\) \{\n\t\tw.WriteHeader\(http.StatusOK\)\n\t\t_, _ = w.Write\(\[\]byte\("ok"\)\)\n\t\}\)\n\tr.Get\("\/orders"/);
    const std = go('package main', '', 'import "net/http"', '', 'func main() {', '\thttp.HandleFunc("/orders", nil)', '\t_ = http.ListenAndServe(":8080", nil)', '}');
    const s = await checkGoFix(RULE, { 'main.go': std });
    assert.match(s['main.go'], /\thttp.HandleFunc\("\/orders", nil\)\n\thttp.HandleFunc\("\/healthz", func\(w http.ResponseWriter, _ \*http.Request\) \{/);
  });
});
