import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spots, ts } from './_typescript';

const RULE = 'code/jwt-unverified';

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags jwt.decode and jose decodeJwt used without verification, and the none algorithm', async () => {
    const mw = ts(
      "import jwt from 'jsonwebtoken';",
      'export function auth(req, res, next) {',
      "  const claims = jwt.decode(req.headers.authorization?.replace('Bearer ', '') ?? '');",
      '  if (!claims) return res.sendStatus(401);',
      '  req.user = claims;',
      '  next();',
      '}',
    );
    assert.deepEqual(await spots(RULE, { 'src/auth.ts': mw }), ['src/auth.ts:3:18']);
    const jose = ts("import { decodeJwt } from 'jose';", 'export const userOf = (token: string) => decodeJwt(token).sub;');
    assert.deepEqual(await spots(RULE, { 'src/user.ts': jose }), ['src/user.ts:2:42']);
    const none = ts("const jwt = require('jsonwebtoken');", "module.exports = (t) => jwt.verify(t, process.env.KEY, { algorithms: ['none', 'HS256'] });");
    assert.deepEqual(await spots(RULE, { 'verify.js': none }), ['verify.js:2:70']);
  });

  it('passes decode next to a verify in the same function (reading the header to pick a key)', async () => {
    const ok = ts(
      "import jwt from 'jsonwebtoken';",
      'export function auth(token: string) {',
      '  const { header } = jwt.decode(token, { complete: true })!;',
      '  return jwt.verify(token, keys[header.kid!], { algorithms: ["RS256"] });',
      '}',
    );
    assert.deepEqual(await spots(RULE, { 'src/auth.ts': ok }), []);
  });
});
