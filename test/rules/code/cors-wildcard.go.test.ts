import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/cors-wildcard';

const gin = (...lines: string[]) => go('package main', '', 'import (', '\t"github.com/gin-contrib/cors"', '\t"github.com/gin-gonic/gin"', ')', '', 'func main() {', '\tr := gin.New()', ...lines.map((l) => `\t${l}`), '\t_ = r.Run(":8080")', '}');

describe(`${RULE} (Go)`, () => {
  it('flags gin-contrib AllowAllOrigins with credentials as an error, on the option', async () => {
    const [f] = await findingsOf(RULE, fixture('gin-shop'));
    assert.deepEqual([f.severity, `${f.range.start.line + 1}:${f.range.start.character + 1}`], ['error', '15:3']);
  });

  it('flags cors.Default(), AllowOrigins ["*"], echo CORS(), rs/cors "*" + credentials, and a hand-written header', async () => {
    assert.deepEqual(await spots(RULE, { 'main.go': gin('r.Use(cors.Default())') }), ['main.go:10:8']);
    assert.deepEqual(await spots(RULE, { 'main.go': gin('r.Use(cors.New(cors.Config{AllowOrigins: []string{"*"}}))') }), ['main.go:10:43']);
    assert.deepEqual(await spots(RULE, fixture('notify')), ['main.go:23:8']);
    const [rs] = await findingsOf(RULE, fixture('catalog'));
    assert.equal(rs.severity, 'error');
    const manual = go('package api', '', 'import "net/http"', '', 'func withCORS(next http.Handler) http.Handler {', '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {', '\t\tw.Header().Set("Access-Control-Allow-Origin", "*")', '\t\tnext.ServeHTTP(w, r)', '\t})', '}');
    assert.deepEqual(await spots(RULE, { 'api/cors.go': manual }), ['api/cors.go:7:49']);
    const reflect = manual.replace('"*")', 'r.Header.Get("Origin"))').replace('\t\tnext.ServeHTTP', '\t\tw.Header().Set("Access-Control-Allow-Credentials", "true")\n\t\tnext.ServeHTTP');
    const [f] = await findingsOf(RULE, { 'api/cors.go': reflect });
    assert.deepEqual([f.severity, f.message.includes('echoes back')], ['error', true]);
  });

  it('does not flag origins from configuration or an explicit list', async () => {
    assert.deepEqual(await spots(RULE, fixture('edge')), []);
    assert.deepEqual(await spots(RULE, { 'main.go': gin('r.Use(cors.New(cors.Config{AllowOrigins: []string{"https://shop.example.com"}, AllowCredentials: true}))') }), []);
    assert.deepEqual(await spots(RULE, { 'main.go': gin('r.Use(cors.New(cors.Config{AllowOrigins: cfg.Origins}))') }), []);
  });

  it('fix: origins from CORS_ALLOWED_ORIGINS, per library', async () => {
    const a = await checkGoFix(RULE, fixture('gin-shop'));
    assert.match(a['main.go'], /\t\tAllowOrigins: strings.Split\(os.Getenv\("CORS_ALLOWED_ORIGINS"\), ","\),\n/);
    assert.match(a['main.go'], /import \(\n\t"log"\n\t"os"\n\t"strings"\n\n/);
    const d = await checkGoFix(RULE, { 'main.go': gin('r.Use(cors.Default())') });
    assert.match(d['main.go'], /r.Use\(cors.New\(cors.Config\{AllowOrigins: strings.Split\(os.Getenv\("CORS_ALLOWED_ORIGINS"\), ","\), AllowMethods: /);
    const e = await checkGoFix(RULE, fixture('notify'));
    assert.match(e['main.go'], /e.Use\(middleware.CORSWithConfig\(middleware.CORSConfig\{AllowOrigins: strings.Split\(os.Getenv\("CORS_ALLOWED_ORIGINS"\), ","\)\}\)\)/);
    const rs = await checkGoFix(RULE, fixture('catalog'));
    assert.match(rs['cmd/catalog/main.go'], /AllowedOrigins: {3}strings.Split\(os.Getenv\("CORS_ALLOWED_ORIGINS"\), ","\),/);
  });
});
