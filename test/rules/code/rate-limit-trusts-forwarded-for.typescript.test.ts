import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spots, ts } from './_typescript';

const RULE = 'code/rate-limit-trusts-forwarded-for';

const limiter = (key: string, extra = ''): string =>
  ts("import express from 'express';", "import rateLimit from 'express-rate-limit';", 'const app = express();', extra, `app.use(rateLimit({ windowMs: 60_000, limit: 100, keyGenerator: ${key} }));`);

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags limiters keyed on the raw X-Forwarded-For header (express-rate-limit, @fastify/rate-limit)', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': limiter("(req) => String(req.headers['x-forwarded-for'])") }), ['a.ts:5:65']);
    // `trust proxy` does not sanitise the raw header: only req.ip honours it.
    assert.deepEqual(await spots(RULE, { 'a.ts': limiter("(req) => req.get('X-Forwarded-For') ?? ''", "app.set('trust proxy', 1);") }), ['a.ts:5:65']);
    const fastify = ts("const fastify = require('fastify')();", "fastify.register(require('@fastify/rate-limit'), { max: 10, keyGenerator: (r) => r.headers['x-forwarded-for'] });");
    assert.deepEqual(await spots(RULE, { 'server.js': fastify }), ['server.js:2:75']);
  });

  it('passes the default key, req.ip with or without trust proxy, and custom keys', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': limiter("(req) => req.ip ?? ''", "app.set('trust proxy', 1);") }), []);
    assert.deepEqual(await spots(RULE, { 'a.ts': limiter("(req) => req.header('x-api-key') ?? req.ip ?? ''") }), []);
    assert.deepEqual(await spots(RULE, { 'a.ts': ts("import rateLimit from 'express-rate-limit';", 'export const limiter = rateLimit({ limit: 10 });') }), []);
  });
});
