import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-graceful-shutdown';

/** A net/http service whose `run` returns the serve error. */
const RUN = go(
  'package main',
  '',
  'import (',
  '\t"log"',
  '\t"net/http"',
  '\t"time"',
  ')',
  '',
  'func main() {',
  '\tif err := run(); err != nil {',
  '\t\tlog.Fatal(err)',
  '\t}',
  '}',
  '',
  'func run() error {',
  '\tmux := http.NewServeMux()',
  '\tmux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {})',
  '\tsrv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}',
  '\treturn srv.ListenAndServe()',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags a gin app started with r.Run(), on the call', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:23:12']);
    const [f] = await findingsOf(RULE, fixture('gin-shop'));
    assert.match(f.message, /^The gin app `r` is started here but the server is not shut down with `srv\.Shutdown\(ctx\)` on a signal context/);
  });

  it('flags http.ListenAndServe, and a server shut down without any signal handling', async () => {
    assert.deepEqual(await spots(RULE, fixture('catalog')), ['cmd/catalog/main.go:40:12']);
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'main.go': RUN }), ['main.go:18:10']);
    const timer = RUN.replace('\treturn srv.ListenAndServe()', '\ttime.AfterFunc(time.Hour, func() { _ = srv.Shutdown(nil) })\n\treturn srv.ListenAndServe()');
    assert.deepEqual(await spots(RULE, { 'main.go': timer }), ['main.go:18:10']);
  });

  it('does not flag Shutdown on a signal context (net/http, echo, fiber), even with the signal handled in another file', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    assert.deepEqual(await spots(RULE, fixture('notify')), []);
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
    const server = go(
      'package main',
      '',
      'import (',
      '\t"context"',
      '\t"net/http"',
      '\t"time"',
      ')',
      '',
      'func serve(ctx context.Context, h http.Handler) error {',
      '\tsrv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}',
      '\tgo func() {',
      '\t\t<-ctx.Done()',
      '\t\t_ = srv.Shutdown(context.Background())',
      '\t}()',
      '\treturn srv.ListenAndServe()',
      '}',
    );
    const main = go('package main', '', 'import (', '\t"context"', '\t"os"', '\t"os/signal"', ')', '', 'func main() {', '\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)', '\tdefer stop()', '\t_ = serve(ctx, nil)', '}');
    assert.deepEqual(await spots(RULE, { 'go.mod': goMod('example.com/a'), 'server.go': server, 'main.go': main }), []);
  });

  it('fix: gin r.Run() → http.Server with timeouts, Shutdown on SIGTERM, original error handling kept', async () => {
    const fixed = await checkGoFix(RULE, fixture('gin-shop'));
    const main = fixed['main.go'];
    assert.match(main, /import \(\n\t"context"\n\t"errors"\n\t"log"\n\t"net\/http"\n\t"os"\n\t"os\/signal"\n\t"syscall"\n\t"time"\n\n\t"github.com\/gin-contrib\/cors"/);
    assert.ok(main.includes(go(
      '\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)',
      '\tdefer stop()',
      '\tshutdownDone := make(chan struct{})',
      '\tgo func() {',
      '\t\t<-ctx.Done()',
      '\t\tshutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)',
      '\t\tdefer cancel()',
      '\t\tif err := srv.Shutdown(shutdownCtx); err != nil {',
      '\t\t\tlog.Printf("graceful shutdown: %v", err)',
      '\t\t}',
      '\t\tclose(shutdownDone)',
      '\t}()',
      '\tif err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {',
      '\t\tlog.Fatalf("server stopped: %v", err)',
      '\t}',
      '\t<-shutdownDone',
      '}',
    )), main);
    assert.deepEqual(await spots('code/server-without-timeouts', fixed), [], 'the new server has timeouts too');
  });

  it('fix: `return srv.ListenAndServe()` in a func returning error; names already taken are avoided', async () => {
    const taken = RUN.replace('func run() error {', 'func run() error {\n\tctx := "taken"\n\t_ = ctx');
    const fixed = await checkGoFix(RULE, { 'main.go': taken });
    const text = fixed['main.go'];
    assert.match(text, /\tsigCtx, stop := signal\.NotifyContext/);
    assert.match(text, /\tif err := srv\.ListenAndServe\(\); err != nil && !errors\.Is\(err, http\.ErrServerClosed\) \{\n\t\treturn err\n\t\}\n\t<-shutdownDone\n\treturn nil\n\}/);
  });

  it('fix: echo e.Logger.Fatal(e.Start(…)) and fiber app.Listen', async () => {
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Server.ReadHeaderTimeout = 5e9', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    const e = (await checkGoFix(RULE, { 'main.go': echo }))['main.go'];
    assert.match(e, /\t\tif err := e\.Shutdown\(shutdownCtx\); err != nil \{/);
    assert.match(e, /\tif err := e\.Start\(":1323"\); err != nil && !errors\.Is\(err, http\.ErrServerClosed\) \{\n\t\te\.Logger\.Fatal\(err\)\n\t\}/);
    const fiber = go(
      'package main',
      '',
      'import (',
      '\t"log"',
      '\t"time"',
      '',
      '\t"github.com/gofiber/fiber/v2"',
      ')',
      '',
      'func main() {',
      '\tapp := fiber.New(fiber.Config{ReadTimeout: 10 * time.Second})',
      '\tif err := app.Listen(":3000"); err != nil {',
      '\t\tlog.Fatal(err)',
      '\t}',
      '}',
    );
    const f = (await checkGoFix(RULE, { 'main.go': fiber }))['main.go'];
    assert.match(f, /\t\tif err := app\.ShutdownWithTimeout\(10 \* time\.Second\); err != nil \{/);
    assert.match(f, /\tif err := app\.Listen\(":3000"\); err != nil \{\n\t\tlog\.Fatal\(err\)\n\t\}\n\t<-shutdownDone\n/);
    assert.ok(!f.includes('"errors"'), 'fiber returns nil after Shutdown: no ErrServerClosed check');
  });
});
