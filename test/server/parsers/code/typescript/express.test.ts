import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from './_fixture';
import { extractAll, facts, lines, src } from './_ts';

describe('TS/JS facts: Express', () => {
  const shop = extractAll(fixture('express-shop'));

  it('finds the app in a factory function, with its service and insertion points', () => {
    const app = shop.get('src/app.ts')!;
    assert.deepEqual(app.apps.map((a) => [a.id, a.framework, a.variable, a.serviceDir, a.routesResolved]), [['src/app.ts#app', 'express', 'app', '', true]]);
    const a = app.apps[0];
    assert.deepEqual([a.constructorLoc.range.start, a.afterConstructor?.loc.range.start, a.afterConstructor?.indent], [{ line: 7, character: 14 }, { line: 8, character: 0 }, '  ']);
    assert.deepEqual(app.imports, ['src/health.ts', 'src/metrics.ts', 'src/routes/index.ts', 'src/security.ts']);
  });

  it('models routers across modules: exported routers, factories returning routers, nested mounts, static files', () => {
    assert.deepEqual(lines(shop.get('src/app.ts')!.facts, ['mount']), [
      'mount src/routes/index.ts#default on src/app.ts#app prefix=/api/v1 @14:3',
      'mount src/metrics.ts#metricsRouter on src/app.ts#app prefix= @15:3',
      'mount (opaque) on src/app.ts#app prefix=/assets @16:3',
    ]);
    assert.deepEqual(lines(shop.get('src/routes/index.ts')!.facts), [
      'router src/routes/index.ts#default prefix= @6:13',
      'mount src/routes/users.ts#usersRouter on src/routes/index.ts#default prefix=/users @7:1',
      'mount src/routes/orders.ts#createOrdersRouter on src/routes/index.ts#default prefix=/orders @8:1',
    ]);
    assert.deepEqual(lines(shop.get('src/routes/users.ts')!.facts, ['route']).sort(), [
      'route GET / router=src/routes/users.ts#usersRouter @9:1',
      'route GET /:id router=src/routes/users.ts#usersRouter @5:1',
      'route POST / router=src/routes/users.ts#usersRouter @9:1',
    ]);
    assert.deepEqual(lines(shop.get('src/routes/orders.ts')!.facts), [
      'router src/routes/orders.ts#createOrdersRouter prefix= @5:18',
      'route GET / router=src/routes/orders.ts#createOrdersRouter @6:3',
      'route DELETE /:id router=src/routes/orders.ts#createOrdersRouter @7:3',
    ]);
  });

  it('reads registration helpers that receive the app from another module', () => {
    assert.deepEqual(lines(shop.get('src/health.ts')!.facts), ['route GET /healthz @4:3', 'route GET /readyz @5:3']);
    assert.deepEqual(lines(shop.get('src/security.ts')!.facts), [
      'capability security-headers helmet @13:11',
      'capability rate-limit express-rate-limit @15:5',
      'rate-limit express-rate-limit key=forwarded-for-trusted storage=shared @15:5',
    ]);
    assert.deepEqual(lines(shop.get('src/metrics.ts')!.facts, ['capability']), ['capability metrics prom-client @4:1']);
  });

  it('sees serving, timeouts and signal handling in the entrypoint, and a guarded stack trace as external', () => {
    assert.deepEqual(lines(shop.get('src/main.ts')!.facts), [
      'serve app.listen graceful timeouts=idle,readHeader @7:16',
      'capability graceful-shutdown process.on(SIGTERM) @12:3',
    ]);
    assert.deepEqual(lines(shop.get('src/app.ts')!.facts, ['debug']), ['debug external:err.stack @21:56']);
  });

  it('reads CORS, session, cookie, JWT, limiter and Sentry configuration (CommonJS)', () => {
    const app = src(
      "'use strict';",
      "const express = require('express');",
      "const cors = require('cors');",
      "const session = require('express-session');",
      "const { rateLimit } = require('express-rate-limit');",
      "const jwt = require('jsonwebtoken');",
      "const Sentry = require('@sentry/node');",
      '',
      "Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 1.0 });",
      'const SESSION_SECRET = "s3cr3t-session-key";',
      'const app = express();',
      'app.use(cors({ origin: true, credentials: true }));',
      'app.use(session({ secret: SESSION_SECRET, cookie: { secure: false, httpOnly: false } }));',
      "app.use(rateLimit({ keyGenerator: (req) => req.headers['x-forwarded-for'] || req.ip }));",
      "app.post('/login', (req, res) => {",
      "  const token = jwt.sign({ sub: req.body.user }, 'jwt-signing-key', { expiresIn: '1h' });",
      "  res.cookie('access_token', token, { httpOnly: false });",
      '  res.json({ ok: true });',
      '});',
      "app.get('/me', (req, res) => res.json(jwt.decode(req.headers.authorization)));",
      'app.use((err, req, res, next) => res.status(500).send(err.stack));',
      'module.exports = app;',
    );
    const f = facts({ 'server.js': app }, 'server.js');
    assert.equal(f.language, 'javascript');
    assert.deepEqual(lines(f.facts, ['cors', 'secret', 'cookie', 'jwt-unverified', 'rate-limit-config', 'trace-sampling', 'debug']), [
      'trace-sampling @sentry/node literal:1.0 @9:62',
      'cors cors reflect credentials=true @12:24',
      'secret express-session secret s3c…ey env=SESSION_SECRET @10:24',
      'cookie express-session secure=literal:false httpOnly=literal:false @13:51',
      'rate-limit express-rate-limit key=forwarded-for-raw storage=memory @14:9',
      'secret jwt.sign secret jw…ey env=JWT_SECRET @16:50',
      'cookie res.cookie secure=missing httpOnly=literal:false @17:37',
      'jwt jwt.decode without verify @20:39',
      'debug literal:err.stack @21:55',
    ]);
  });

  it('tells CORS origins apart: bare, wildcard, lists, regexes, config, reflection by hand', () => {
    const origins = (expr: string): string => {
      const f = facts({ 'a.ts': src("import express from 'express';", "import cors from 'cors';", 'const app = express();', `app.use(${expr});`) }, 'a.ts');
      return lines(f.facts, ['cors'])[0]?.replace(/ @.*/, '') ?? 'none';
    };
    assert.equal(origins('cors()'), 'cors cors any credentials=false');
    assert.equal(origins("cors({ origin: '*' })"), 'cors cors any credentials=false');
    assert.equal(origins("cors({ origin: ['https://shop.example.com'], credentials: true })"), 'cors cors list credentials=true');
    assert.equal(origins('cors({ origin: /\\.example\\.com$/ })'), 'cors cors list credentials=false');
    assert.equal(origins("cors({ origin: process.env.CORS_ORIGINS?.split(',') ?? [] })"), 'cors cors external credentials=false');
    assert.equal(origins('cors({ origin: config.cors.origins, credentials: true })'), 'cors cors external credentials=true');
    assert.equal(origins('cors({ origin: (origin, cb) => cb(null, true), credentials: true })'), 'cors cors reflect credentials=true');
    assert.equal(origins("(req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); next(); }"),
      'cors manual header reflect credentials=true');
    assert.equal(origins("(req, res, next) => { res.header('Access-Control-Allow-Origin', '*'); next(); }"), 'cors manual header any credentials=false');
  });

  it('turns an express sub-app mounted on another into a mount, and keeps `app.get(setting)` out of the routes', () => {
    const f = facts({
      'app.ts': src(
        "import express from 'express';",
        'const app = express();',
        'const admin = express();',
        "admin.get('/stats', (_req, res) => res.json({}));",
        "app.use('/admin', admin);",
        "if (app.get('env') === 'production') app.set('trust proxy', true);",
      ),
    }, 'app.ts');
    assert.deepEqual(f.apps.map((a) => a.id), ['app.ts#app', 'app.ts#admin']);
    assert.deepEqual(lines(f.facts, ['route', 'mount']), ['route GET /stats app=app.ts#admin @4:1', 'mount app.ts#admin on app.ts#app prefix=/admin @5:1']);
  });

  it('flags custom 429 responses and hand-written security headers as capabilities', () => {
    const f = facts({
      'mw.ts': src(
        "import type { Request, Response, NextFunction } from 'express';",
        'const hits = new Map<string, number>();',
        'export function throttle(req: Request, res: Response, next: NextFunction) {',
        "  const n = (hits.get(req.ip ?? '') ?? 0) + 1;",
        "  hits.set(req.ip ?? '', n);",
        "  if (n > 100) return res.status(429).json({ error: 'slow down' });",
        "  res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');",
        '  next();',
        '}',
      ),
    }, 'mw.ts');
    assert.deepEqual(lines(f.facts, ['capability']), ['capability rate-limit custom-429 @6:23', 'capability security-headers custom headers @7:3']);
  });
});
