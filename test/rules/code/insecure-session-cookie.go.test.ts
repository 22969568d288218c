import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/insecure-session-cookie';

const LOGIN = go(
  'package auth',
  '',
  'import (',
  '\t"net/http"',
  '\t"time"',
  ')',
  '',
  'func Login(w http.ResponseWriter, token string) {',
  '\thttp.SetCookie(w, &http.Cookie{',
  '\t\tName:     "session",',
  '\t\tValue:    token,',
  '\t\tPath:     "/",',
  '\t\tHttpOnly: false,',
  '\t\tExpires:  time.Now().Add(24 * time.Hour),',
  '\t})',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags http.Cookie without Secure/HttpOnly, and gin SetCookie with secure=false', async () => {
    assert.deepEqual(await spots(RULE, { 'internal/auth/login.go': LOGIN }), ['internal/auth/login.go:9:21']);
    const [f] = await findingsOf(RULE, { 'internal/auth/login.go': LOGIN });
    assert.match(f.message, /set without Secure and HttpOnly/);
    assert.deepEqual(await spots(RULE, fixture('notify')), ['main.go:32:23']);
    const gin = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'func login(c *gin.Context) {', '\tc.SetCookie("session", "v", 3600, "/", "", false, true)', '}');
    assert.deepEqual(await spots(RULE, { 'login.go': gin }), ['login.go:6:2']);
  });

  it('does not flag cookies with both flags, client-side request cookies, or test files', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    const client = go('package upstream', '', 'import "net/http"', '', 'func Call(req *http.Request) { req.AddCookie(&http.Cookie{Name: "a", Value: "b"}) }');
    assert.deepEqual(await spots(RULE, { 'client.go': client, 'internal/auth/login_test.go': LOGIN }), []);
  });

  it('fix: sets the missing flags and turns false ones on', async () => {
    const fixed = await checkGoFix(RULE, { 'internal/auth/login.go': LOGIN });
    assert.ok(fixed['internal/auth/login.go'].includes(go(
      '\t\tHttpOnly: true,',
      '\t\tExpires:  time.Now().Add(24 * time.Hour),',
      '\t\tSecure: true,',
      '\t})',
    )));
    const gin = go('package main', '', 'import "github.com/gin-gonic/gin"', '', 'func login(c *gin.Context) {', '\tc.SetCookie("session", "v", 3600, "/", "", false, false)', '}');
    const g = await checkGoFix(RULE, { 'login.go': gin });
    assert.match(g['login.go'], /c.SetCookie\("session", "v", 3600, "\/", "", true, true\)/);
  });
});
