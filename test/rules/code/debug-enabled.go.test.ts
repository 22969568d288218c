import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/debug-enabled';

describe(`${RULE} (Go)`, () => {
  it('flags gin without release mode in the main package of a production-deployed service', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:13:7']);
    const [f] = await findingsOf(RULE, fixture('gin-shop'));
    assert.match(f.message, /^`gin.Default\(\)` without gin release mode turns debug mode on in production code/);
  });

  it('does not flag release mode from code, the Dockerfile or compose, GIN_MODE from the environment, or an undeployed tool', async () => {
    const files = fixture('gin-shop', 'shop/');
    const dockerEnv = { ...files, 'shop/Dockerfile': files['shop/Dockerfile'].replace('EXPOSE', 'ENV GIN_MODE=release\nEXPOSE') };
    assert.deepEqual(await spots(RULE, dockerEnv), []);
    const compose = 'services:\n  shop:\n    build: ./shop\n    environment:\n      GIN_MODE: release\n';
    assert.deepEqual(await spots(RULE, { ...files, 'docker-compose.yml': compose }), []);
    const external = 'services:\n  shop:\n    build: ./shop\n    environment:\n      GIN_MODE: ${GIN_MODE}\n';
    assert.deepEqual(await spots(RULE, { ...files, 'docker-compose.yml': external }), []);
    const code = { ...files, 'shop/config.go': files['shop/config.go'].replace('func loadConfig', 'func init() {\n\tgin.SetMode(gin.ReleaseMode)\n}\n\nfunc loadConfig') };
    assert.deepEqual(await spots(RULE, code), []);
    const tool = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'func main() {', '\tr := gin.Default()', '\t_ = r.Run(":9999")', '}');
    assert.deepEqual(await spots(RULE, { 'tools/mockserver/go.mod': goMod('example.com/mock'), 'tools/mockserver/main.go': tool }), []);
  });

  it('flags echo e.Debug = true', async () => {
    const echo = go('package main', '', 'import "github.com/labstack/echo/v4"', '', 'func main() {', '\te := echo.New()', '\te.Debug = true', '\te.Logger.Fatal(e.Start(":1323"))', '}');
    assert.deepEqual(await spots(RULE, { 'main.go': echo, Dockerfile: 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n' }), ['main.go:7:12']);
    const fixed = await checkGoFix(RULE, { 'main.go': echo, Dockerfile: 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n' });
    assert.match(fixed['main.go'], /\te.Debug = os.Getenv\("ECHO_DEBUG"\) == "true"\n/);
  });

  it('fix: release mode unless GIN_MODE is set', async () => {
    const fixed = await checkGoFix(RULE, fixture('gin-shop'));
    assert.ok(fixed['main.go'].includes(go('\tif os.Getenv("GIN_MODE") == "" {', '\t\tgin.SetMode(gin.ReleaseMode)', '\t}', '\tr := gin.Default()')), fixed['main.go']);
  });
});
