import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-rate-limit';

const CHI = go(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/go-chi/chi/v5"',
  '\t"github.com/go-chi/chi/v5/middleware"',
  ')',
  '',
  'func main() {',
  '\tr := chi.NewRouter()',
  '\tr.Use(middleware.Logger)',
  '\tr.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {})',
  '\t_ = http.ListenAndServe(":8080", r)',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags gin and chi apps without a limiter, on the constructor', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:13:7']);
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': CHI }), ['main.go:11:7']);
  });

  it('does not flag httprate, echo RateLimiter, fiber limiter, a hand-written 429, a named limiter middleware, or nginx limit_req', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    assert.deepEqual(await spots(RULE, fixture('notify')), []);
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
    const custom = go(
      'package middleware',
      '',
      'import "net/http"',
      '',
      'func Throttle(next http.Handler) http.Handler {',
      '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\tif overBudget(r) {',
      '\t\t\thttp.Error(w, "slow down", http.StatusTooManyRequests)',
      '\t\t\treturn',
      '\t\t}',
      '\t\tnext.ServeHTTP(w, r)',
      '\t})',
      '}',
    );
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': CHI, 'internal/middleware/throttle.go': custom }), []);
    const named = CHI.replace('\tr.Use(middleware.Logger)', '\tr.Use(middleware.Logger)\n\tr.Use(ratelimit.PerClient(cfg))');
    assert.deepEqual(await spots(RULE, { 'main.go': named }), []);
    const nginx = 'http { limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s; server { location / { limit_req zone=api; } } }\n';
    assert.deepEqual(await spots(RULE, { ...fixture('gin-shop', 'shop/'), 'deploy/nginx.conf': nginx }), []);
  });

  it('fix (gin): an x/time/rate middleware after the constructor, and go.mod as a separate action', async () => {
    const files = fixture('gin-shop');
    const fixed = await checkGoFix(RULE, files, 'Add a rate limit (golang.org/x/time/rate)');
    assert.ok(fixed['main.go'].includes(go(
      '\tr := gin.Default()',
      '\tlimiter := rate.NewLimiter(rate.Limit(100), 200) // 100 requests/s for the whole process, bursts of 200',
      '\tr.Use(func(c *gin.Context) {',
      '\t\tif !limiter.Allow() {',
      '\t\t\tc.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": "too many requests"})',
      '\t\t\treturn',
      '\t\t}',
      '\t\tc.Next()',
      '\t})',
    )), fixed['main.go']);
    assert.match(fixed['main.go'], /"log"\n\t"net\/http"\n\n\t"github.com\/gin-contrib\/cors"\n\t"github.com\/gin-gonic\/gin"\n\t"golang.org\/x\/time\/rate"\n\)/);
    const [finding] = await findingsOf(RULE, files);
    const mod = applyFix(files, finding.fixes.find((f) => f.title === 'Add golang.org/x/time to go.mod')!);
    assert.match(mod['go.mod'], /\tgithub.com\/golang-jwt\/jwt\/v5 v5.2.1\n\tgolang.org\/x\/time v0.5.0\n\)/);
    const again = await findingsOf(RULE, { ...mod });
    assert.ok(!again[0].fixes.some((f) => f.title.endsWith('to go.mod')), 'not offered once required');
  });

  it('fix (chi, net/http): httprate as middleware or around the mux', async () => {
    const chi = await checkGoFix(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': CHI });
    assert.match(chi['main.go'], /\tr := chi.NewRouter\(\)\n\tr.Use\(httprate.LimitByIP\(100, time.Minute\)\)\n\tr.Use\(middleware.Logger\)/);
    const mux = go('package main', '', 'import "net/http"', '', 'func main() {', '\tmux := http.NewServeMux()', '\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {})', '\tsrv := &http.Server{Addr: ":8080", Handler: mux}', '\t_ = srv.ListenAndServe()', '}');
    const m = await checkGoFix(RULE, { 'main.go': mux });
    assert.match(m['main.go'], /Handler: httprate\.LimitByIP\(100, time\.Minute\)\(mux\)/);
    assert.match(m['main.go'], /import \(\n\t"net\/http"\n\t"time"\n\n\t"github.com\/go-chi\/httprate"\n\)/);
  });

  it('fix (echo, fiber): their own limiters', async () => {
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    const e = await checkGoFix(RULE, { 'main.go': echo });
    assert.match(e['main.go'], /\te := echo.New\(\)\n\te.IPExtractor = echo.ExtractIPDirect\(\) \/\/ behind a proxy: .*\n\te.Use\(middleware.RateLimiter\(middleware.NewRateLimiterMemoryStore\(20\)\)\)\n/);
    assert.match(e['main.go'], /"github.com\/labstack\/echo\/v4"\n\t"github.com\/labstack\/echo\/v4\/middleware"/);
    const fiber = go('package main', '', 'import "github.com/gofiber/fiber/v2"', '', 'func main() {', '\tapp := fiber.New()', '\t_ = app.Listen(":3000")', '}');
    const f = await checkGoFix(RULE, { 'main.go': fiber });
    assert.match(f['main.go'], /\tapp.Use\(limiter.New\(limiter.Config\{Max: 100, Expiration: time.Minute\}\)\)\n/);
  });
});
