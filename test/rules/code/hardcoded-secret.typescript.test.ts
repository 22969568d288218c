import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/hardcoded-secret';

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags session, cookie, JWT and Koa key literals, through a local constant, without printing them', async () => {
    const app = ts(
      "import express from 'express';",
      "import session from 'express-session';",
      "import cookieParser from 'cookie-parser';",
      "import jwt from 'jsonwebtoken';",
      "const JWT_SECRET = 'a-very-long-jwt-signing-secret';",
      'const app = express();',
      "app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));",
      "app.use(cookieParser('cookie-signing-secret'));",
      "app.post('/login', (req, res) => res.json({ token: jwt.sign({ sub: req.body.id }, JWT_SECRET) }));",
    );
    assert.deepEqual(await spots(RULE, { 'src/app.ts': app }), ['src/app.ts:5:20', 'src/app.ts:7:27', 'src/app.ts:8:22']);
    const [, first] = await findingsOf(RULE, { 'src/app.ts': app });
    assert.match(first.message, /express-session secret is a literal \(ke…at\)/);
    assert.doesNotMatch(first.message, /keyboard cat/);
  });

  it('flags known credential formats in any TS/JS file, HTTP or not', async () => {
    const worker = ts("import Stripe from 'stripe';", "export const stripe = new Stripe('sk_live_51H8vQkLmNoPqRsTuVwXyZaBcD', { apiVersion: '2024-06-20' });");
    assert.deepEqual(await spots(RULE, { 'worker/src/billing.ts': worker }), ['worker/src/billing.ts:2:35']);
  });

  it('passes secrets from the environment or a settings module, and test files', async () => {
    const app = ts("import session from 'express-session';", 'export const s = session({ secret: process.env.SESSION_SECRET!, resave: false });', "import jwt from 'jsonwebtoken';", 'export const sign = (p: object) => jwt.sign(p, config.jwtSecret);');
    assert.deepEqual(await spots(RULE, { 'src/session.ts': app }), []);
    assert.deepEqual(await spots(RULE, { 'test/auth.test.ts': ts("import jwt from 'jsonwebtoken';", "jwt.sign({}, 'test-secret');") }), []);
  });

  it('fixes: the literal becomes process.env.NAME (asserted in TypeScript), arrays of keys split a variable', async () => {
    const ts1 = await checkTsFix(RULE, { 'src/app.ts': ts("import session from 'express-session';", "export const s = session({ secret: 'keyboard cat' });") });
    assert.match(ts1['src/app.ts'], /session\(\{ secret: process\.env\.SESSION_SECRET! \}\)/);
    const js = await checkTsFix(RULE, { 'src/auth.js': ts("const jwt = require('jsonwebtoken');", "module.exports = (p) => jwt.sign(p, 'shhhhh-secret');") });
    assert.match(js['src/auth.js'], /jwt\.sign\(p, process\.env\.JWT_SECRET\)/);
    const koa = await checkTsFix(RULE, { 'index.js': ts("const Koa = require('koa');", 'const app = new Koa();', "app.keys = ['im a newer secret', 'i like turtle'];", 'app.listen(3000);') });
    assert.match(koa['index.js'], /app\.keys = process\.env\.APP_KEYS\?\.split\(','\) \?\? \[\];/);
    const key = await checkTsFix(RULE, { 'worker/billing.ts': ts("import Stripe from 'stripe';", "export const stripe = new Stripe('sk_live_51H8vQkLmNoPqRsTuVwXyZaBcD');") });
    assert.match(key['worker/billing.ts'], /new Stripe\(process\.env\.STRIPE_SECRET_KEY!\)/);
  });
});
