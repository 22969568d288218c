import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkGoFix, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/hardcoded-secret';

const AUTH = go(
  'package auth',
  '',
  'import (',
  '\t"time"',
  '',
  '\t"github.com/golang-jwt/jwt/v5"',
  ')',
  '',
  'var signingKey = []byte("k8s-prod-signing-key-2024")',
  '',
  'type Credentials struct {',
  '\tPassword string `json:"password"`',
  '}',
  '',
  'func Issue(user string) (string, error) {',
  '\ttok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": user, "exp": time.Now().Add(time.Hour).Unix()})',
  '\treturn tok.SignedString([]byte("another-literal-key"))',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags literal signing keys (by name and as SignedString argument) and known credential formats', async () => {
    assert.deepEqual(await spots(RULE, { 'internal/auth/jwt.go': AUTH }), ['internal/auth/jwt.go:9:25', 'internal/auth/jwt.go:17:33']);
    const [first] = await findingsOf(RULE, { 'internal/auth/jwt.go': AUTH });
    assert.match(first.message, /^signingKey is a literal \(k8s-…24\)/);
    const dsn = go('package db', '', 'import "net/http"', '', 'var _ = http.MethodGet', '', 'const dsn = "postgres://orders:S3cretPass@db:5432/orders"');
    const [f] = await findingsOf(RULE, { 'db.go': dsn });
    assert.match(f.message, /password in URL is a literal \(postgres:\/\/orders:\*\*\*\*@db:5432\/orders\)/);
  });

  it('does not flag keys read from the environment, struct tags, or placeholder-free names', async () => {
    const env = AUTH.replace('[]byte("k8s-prod-signing-key-2024")', '[]byte(os.Getenv("JWT_SECRET"))').replace('[]byte("another-literal-key")', 'signingKey');
    assert.deepEqual(await spots(RULE, { 'internal/auth/jwt.go': env }), []);
    const names = go('package main', '', 'import "net/http"', '', 'const tokenHeader = "Authorization"', 'var passwordMinLength = "12"', 'var _ = http.MethodGet');
    assert.deepEqual(await spots(RULE, { 'main.go': names }), []);
  });

  it('fix: read from the environment; a lone const becomes a var', async () => {
    const fixed = await checkGoFix(RULE, { 'internal/auth/jwt.go': AUTH });
    assert.match(fixed['internal/auth/jwt.go'], /var signingKey = \[\]byte\(os.Getenv\("SIGNING_KEY"\)\)/);
    assert.match(fixed['internal/auth/jwt.go'], /import \(\n\t"os"\n\t"time"\n/);
    const konst = go('package main', '', 'import "net/http"', '', 'const apiSecret = "sk-very-secret-value"', '', 'func main() { _ = http.MethodGet; _ = apiSecret }');
    const k = await checkGoFix(RULE, { 'main.go': konst });
    assert.match(k['main.go'], /\nvar apiSecret = os.Getenv\("API_SECRET"\)\n/);
  });
});
