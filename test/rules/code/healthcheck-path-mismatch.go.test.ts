import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import type { Files } from '../../helpers/workspace';
import { fixture, go, goMod, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/healthcheck-path-mismatch';

const compose = (path: string) => `services:\n  billing:\n    build: ./billing\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080${path}"]\n`;

describe(`${RULE} (Go)`, () => {
  it('flags a compose healthcheck probing a path the Go app does not serve', async () => {
    const files: Files = { ...fixture('billing', 'billing/'), 'billing/Dockerfile': 'FROM scratch\nCOPY billing /billing\nCMD ["/billing"]\n', 'docker-compose.yml': compose('/health') };
    assert.deepEqual(await spots(RULE, files), ['docker-compose.yml:5:37']);
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /It does serve \/healthz\./);
  });

  it('does not flag served paths, Go 1.22 method patterns, subtree handlers, or opaque mounts', async () => {
    const files: Files = { ...fixture('billing', 'billing/'), 'billing/Dockerfile': 'FROM scratch\nCOPY billing /billing\nCMD ["/billing"]\n' };
    assert.deepEqual(await spots(RULE, { ...files, 'docker-compose.yml': compose('/healthz') }), []);
    assert.deepEqual(await spots(RULE, { ...files, 'docker-compose.yml': compose('/invoices/42') }), []);
    const spa = files['billing/main.go'].replace('\tmux.HandleFunc("POST /invoices", createInvoice)', '\tmux.HandleFunc("POST /invoices", createInvoice)\n\tmux.Handle("/", http.FileServer(http.Dir("web")))');
    assert.deepEqual(await spots(RULE, { ...files, 'billing/main.go': spa, 'docker-compose.yml': compose('/health') }), []);
  });

  it('stays silent when the route table cannot be complete (a prefixed group handed to another package)', async () => {
    const main = go(
      'package main',
      '',
      'import (',
      '\t"github.com/gin-gonic/gin"',
      '',
      '\t"example.com/svc/internal/api"',
      ')',
      '',
      'func main() {',
      '\tr := gin.New()',
      '\tapi.Register(r.Group("/v1"))',
      '\t_ = r.Run(":8080")',
      '}',
    );
    const register = go('package api', '', 'import "github.com/gin-gonic/gin"', '', 'func Register(g *gin.RouterGroup) {', '\tg.GET("/health", nil)', '}');
    const files = { 'svc/go.mod': goMod('example.com/svc'), 'svc/main.go': main, 'svc/internal/api/api.go': register, 'svc/Dockerfile': 'FROM scratch\nCOPY svc /svc\nCMD ["/svc"]\n', 'docker-compose.yml': 'services:\n  svc:\n    build: ./svc\n    healthcheck:\n      test: ["CMD", "/svc", "-probe", "http://localhost:8080/v1/health"]\n' };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
