import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/jwt-unverified';

describe(`${RULE} (Go)`, () => {
  it('flags ParseUnverified and the none algorithm', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['internal/handlers/handlers.go:27:36']);
    const none = go(
      'package auth',
      '',
      'import "github.com/golang-jwt/jwt/v5"',
      '',
      'func Parse(raw string) (*jwt.Token, error) {',
      '\treturn jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return jwt.UnsafeAllowNoneSignatureType, nil })',
      '}',
    );
    const [f] = await findingsOf(RULE, { 'auth.go': none });
    assert.deepEqual(`${f.range.start.line + 1}:${f.range.start.character + 1}`, '6:73');
  });

  it('does not flag verified parsing, nor a ParseUnverified method of an unrelated library', async () => {
    const verified = go('package auth', '', 'import "github.com/golang-jwt/jwt/v5"', '', 'func Parse(raw string, key []byte) (*jwt.Token, error) {', '\treturn jwt.Parse(raw, func(*jwt.Token) (interface{}, error) { return key, nil }, jwt.WithValidMethods([]string{"HS256"}))', '}');
    assert.deepEqual(await spots(RULE, { 'auth.go': verified }), []);
    const other = go('package feed', '', 'import "net/http"', '', 'func Read(p parser, r *http.Request) { p.ParseUnverified(r) }');
    assert.deepEqual(await spots(RULE, { 'feed.go': other }), []);
  });
});
