import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/server-without-timeouts';

const GIN = go(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/gin-gonic/gin"',
  ')',
  '',
  'func main() {',
  '\tr := gin.New()',
  '\tr.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })',
  '\tr.Run()',
  '}',
);

const MUX = go(
  'package main',
  '',
  'import (',
  '\t"log"',
  '\t"net/http"',
  ')',
  '',
  'func main() {',
  '\tmux := http.NewServeMux()',
  '\tmux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {})',
  '\tlog.Fatal(http.ListenAndServe(":8080", mux))',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags a gin app started with r.Run(), on the call', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:23:12']);
    const [f] = await findingsOf(RULE, fixture('gin-shop'));
    assert.match(f.message, /^r\.Run starts a server with no ReadHeaderTimeout or ReadTimeout/);
  });

  it('flags http.ListenAndServe, an http.Server without read timeouts, and echo e.Start without e.Server timeouts', async () => {
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': MUX }), ['main.go:11:12']);
    const bare = MUX.replace('log.Fatal(http.ListenAndServe(":8080", mux))', 'srv := &http.Server{Addr: ":8080", Handler: mux, WriteTimeout: 10 * time.Second}\n\tlog.Fatal(srv.ListenAndServe())').replace('"net/http"', '"net/http"\n\t"time"');
    assert.deepEqual(await spots(RULE, { 'main.go': bare }), ['main.go:12:10']);
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    assert.deepEqual(await spots(RULE, { 'main.go': echo }), ['main.go:7:17']);
  });

  it('does not flag servers with ReadHeaderTimeout/ReadTimeout (literal or from config), echo e.Server timeouts, fiber.Config timeouts', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    assert.deepEqual(await spots(RULE, fixture('notify')), []);
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
    const fromConfig = MUX.replace('log.Fatal(http.ListenAndServe(":8080", mux))', 'srv := &http.Server{Addr: ":8080", Handler: mux}\n\tsrv.ReadHeaderTimeout = cfg.HeaderTimeout\n\tlog.Fatal(srv.ListenAndServe())');
    assert.deepEqual(await spots(RULE, { 'main.go': fromConfig }), []);
  });

  it('ignores test files and development paths', async () => {
    assert.deepEqual(await spots(RULE, { 'main_test.go': MUX, 'testdata/server/main.go': MUX, 'docker-compose.dev.yml': 'services: {}\n' }), []);
  });

  it('fix: gin r.Run() becomes an http.Server with timeouts, keeping $PORT', async () => {
    const fixed = await checkGoFix(RULE, { 'go.mod': goMod('example.com/shop'), 'main.go': GIN });
    assert.equal(fixed['main.go'], go(
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '\t"os"',
      '\t"time"',
      '',
      '\t"github.com/gin-gonic/gin"',
      ')',
      '',
      'func main() {',
      '\tr := gin.New()',
      '\tr.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })',
      '\taddr := ":8080"',
      '\tif port := os.Getenv("PORT"); port != "" {',
      '\t\taddr = ":" + port',
      '\t}',
      '\tsrv := &http.Server{',
      '\t\tAddr:              addr,',
      '\t\tHandler:           r,',
      '\t\tReadHeaderTimeout: 5 * time.Second,',
      '\t\tReadTimeout:       15 * time.Second,',
      '\t\tWriteTimeout:      15 * time.Second,',
      '\t\tIdleTimeout:       60 * time.Second,',
      '\t}',
      '\tsrv.ListenAndServe()',
      '}',
    ));
  });

  it('fix: keeps the error handling of the original statement', async () => {
    const fixed = await checkGoFix(RULE, fixture('gin-shop'));
    assert.match(fixed['main.go'], /\tsrv := &http\.Server\{\n\t\tAddr: {14}":8080",\n\t\tHandler: {11}r,\n/);
    assert.match(fixed['main.go'], /\tif err := srv\.ListenAndServe\(\); err != nil \{\n\t\tlog\.Fatalf\("server stopped: %v", err\)/);
    const mux = await checkGoFix(RULE, { 'main.go': MUX });
    assert.match(mux['main.go'], /\tlog\.Fatal\(srv\.ListenAndServe\(\)\)\n/);
  });

  it('fix: an existing server literal gets the missing timeouts; echo gets e.Server fields', async () => {
    const bare = MUX.replace('log.Fatal(http.ListenAndServe(":8080", mux))', 'srv := &http.Server{\n\t\tAddr:    ":8080",\n\t\tHandler: mux,\n\t}\n\tlog.Fatal(srv.ListenAndServe())');
    const fixed = await checkGoFix(RULE, { 'main.go': bare });
    assert.match(fixed['main.go'], /\t\tHandler: mux,\n\t\tReadHeaderTimeout: 5 \* time\.Second,\n\t\tReadTimeout: 15 \* time\.Second,\n\t\tWriteTimeout: 15 \* time\.Second,\n\t\tIdleTimeout: 60 \* time\.Second,\n\t\}/);
    assert.match(fixed['main.go'], /"net\/http"\n\t"time"\n/);
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    const e = await checkGoFix(RULE, { 'main.go': echo });
    assert.match(e['main.go'], /import \(\n\t"time"\n\n\t"github.com\/labstack\/echo\/v4"\n\)/);
    assert.match(e['main.go'], /\te\.Server\.ReadHeaderTimeout = 5 \* time\.Second\n(\te\.Server\.\w+ = .*\n){3}\te\.Logger\.Fatal\(e\.Start\(":1323"\)\)/);
  });
});
