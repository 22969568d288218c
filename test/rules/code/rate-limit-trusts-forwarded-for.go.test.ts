import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/rate-limit-trusts-forwarded-for';

/** A per-client x/time/rate limiter, keyed by `key(r)`. */
const limiter = (key: string) => go(
  'package middleware',
  '',
  'import (',
  '\t"net/http"',
  '\t"strings"',
  '\t"sync"',
  '',
  '\t"golang.org/x/time/rate"',
  ')',
  '',
  'var (',
  '\tmu       sync.Mutex',
  '\tvisitors = map[string]*rate.Limiter{}',
  ')',
  '',
  'func RateLimit(next http.Handler) http.Handler {',
  '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
  `\t\tip := ${key}`,
  '\t\tmu.Lock()',
  '\t\tl, ok := visitors[ip]',
  '\t\tif !ok {',
  '\t\t\tl = rate.NewLimiter(5, 10)',
  '\t\t\tvisitors[ip] = l',
  '\t\t}',
  '\t\tmu.Unlock()',
  '\t\tif !l.Allow() {',
  '\t\t\thttp.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)',
  '\t\t\treturn',
  '\t\t}',
  '\t\tnext.ServeHTTP(w, r)',
  '\t})',
  '}',
  '',
  'var _ = strings.TrimSpace',
);

describe(`${RULE} (Go)`, () => {
  it('flags a hand-written limiter keyed on X-Forwarded-For, at the header read', async () => {
    const files = { 'go.mod': goMod('example.com/a'), 'internal/middleware/ratelimit.go': limiter('strings.Split(r.Header.Get("X-Forwarded-For"), ",")[0]') };
    assert.deepEqual(await spots(RULE, files), ['internal/middleware/ratelimit.go:18:23']);
  });

  it('flags httprate.LimitByRealIP and echo RateLimiter without an IPExtractor', async () => {
    assert.deepEqual(await spots(RULE, fixture('catalog')), ['cmd/catalog/main.go:21:8']);
    assert.deepEqual(await spots(RULE, fixture('notify')), ['main.go:25:8']);
  });

  it('flags gin c.ClientIP() keys unless trusted proxies are configured', async () => {
    const gin = go(
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '',
      '\t"github.com/gin-gonic/gin"',
      '\t"golang.org/x/time/rate"',
      ')',
      '',
      'var limiters = map[string]*rate.Limiter{}',
      '',
      'func limit(c *gin.Context) {',
      '\tl := limiters[c.ClientIP()]',
      '\tif l == nil {',
      '\t\tl = rate.NewLimiter(1, 5)',
      '\t\tlimiters[c.ClientIP()] = l',
      '\t}',
      '\tif !l.Allow() {',
      '\t\tc.AbortWithStatus(http.StatusTooManyRequests)',
      '\t}',
      '}',
    );
    assert.deepEqual(await spots(RULE, { 'limit.go': gin }), ['limit.go:13:16']);
    const main = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'func main() {', '\tr := gin.New()', '\t_ = r.SetTrustedProxies([]string{"10.0.0.0/8"})', '\tr.Use(limit)', '}');
    assert.deepEqual(await spots(RULE, { 'limit.go': gin, 'main.go': main }), []);
  });

  it('does not flag limiters keyed on the remote address', async () => {
    const files = { 'internal/middleware/ratelimit.go': limiter('r.RemoteAddr') };
    assert.deepEqual(await spots(RULE, files), []);
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
  });
});
