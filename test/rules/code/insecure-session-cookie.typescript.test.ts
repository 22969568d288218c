import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/insecure-session-cookie';

const session = (opts: string): string => ts("import express from 'express';", "import session from 'express-session';", 'const app = express();', `app.use(session(${opts}));`);

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags express-session without Secure (off or missing), and session cookies set with httpOnly: false', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': session('{ secret: process.env.S!, cookie: { secure: false } }') }), ['a.ts:4:51']);
    assert.deepEqual(await spots(RULE, { 'a.ts': session('{ secret: process.env.S!, cookie: { maxAge: 3_600_000 } }') }), ['a.ts:4:51']);
    assert.deepEqual(await spots(RULE, { 'a.ts': session('{ secret: process.env.S! }') }), ['a.ts:4:9']);
    const cookie = ts("export function login(req, res) {", "  res.cookie('refresh_token', req.token, { httpOnly: false, secure: true });", '  res.end();', '}');
    assert.deepEqual(await spots(RULE, { 'routes/auth.js': cookie }), ['routes/auth.js:2:42']);
  });

  it('passes secure sessions, env-driven flags, @fastify/session defaults, non-session cookies and tests', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': session("{ secret: process.env.S!, cookie: { secure: process.env.NODE_ENV === 'production' } }") }), []);
    assert.deepEqual(await spots(RULE, { 'a.ts': session('{ secret: process.env.S!, cookie: { secure: true, httpOnly: true } }') }), []);
    assert.deepEqual(await spots(RULE, { 'server.js': ts("const fastify = require('fastify')();", "fastify.register(require('@fastify/session'), { secret: process.env.SESSION_SECRET });") }), []);
    assert.deepEqual(await spots(RULE, { 'a.js': ts('export const theme = (req, res) => res.cookie("theme", "dark");') }), []);
    assert.deepEqual(await spots(RULE, { 'test/a.test.ts': session('{ secret: process.env.S!, cookie: { secure: false } }') }), []);
  });

  it('fixes: Secure unless NODE_ENV=development, HttpOnly on', async () => {
    const off = await checkTsFix(RULE, { 'a.ts': session('{ secret: process.env.S!, cookie: { secure: false } }') });
    assert.match(off['a.ts'], /cookie: \{ secure: process\.env\.NODE_ENV !== 'development' \}/);
    const missing = await checkTsFix(RULE, { 'a.ts': session('{ secret: process.env.S!, cookie: { maxAge: 1000 } }') });
    assert.match(missing['a.ts'], /cookie: \{ secure: process\.env\.NODE_ENV !== 'development', maxAge: 1000 \}/);
    const none = await checkTsFix(RULE, { 'a.ts': session('{ secret: process.env.S! }') });
    assert.match(none['a.ts'], /session\(\{ cookie: \{ secure: process\.env\.NODE_ENV !== 'development' \}, secret: process\.env\.S! \}\)/);
    const cookie = await checkTsFix(RULE, { 'auth.js': ts('export const login = (req, res) => {', "  res.cookie('session_id', req.sid, { httpOnly: false });", '};') });
    assert.match(cookie['auth.js'], /res\.cookie\('session_id', req\.sid, \{ secure: process\.env\.NODE_ENV !== 'development', httpOnly: true \}\)/);
  });
});
