import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/missing-rate-limit';

const EXPRESS = ts("import express from 'express';", '', 'export const app = express();', "app.get('/', (_req, res) => res.send('ok'));");
const FASTIFY = ts("const fastify = require('fastify')({ logger: true });", "fastify.get('/', async () => 'ok');", 'fastify.listen({ port: 3000 });');
const NEST = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", '', 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', '  await app.listen(3000);', '}', 'bootstrap();');
const KOA = ts("import Koa from 'koa';", 'const app = new Koa();', 'app.listen(3000);');

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags apps without any limiter in the service', async () => {
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS }), ['src/app.ts:3:20']);
    assert.deepEqual(await spots(RULE, { 'server.js': FASTIFY }), ['server.js:1:17']);
  });

  it('accepts express-rate-limit in another module, rate-limiter-flexible, @fastify/rate-limit, ThrottlerModule, a custom 429', async () => {
    const limiter = ts("import rateLimit from 'express-rate-limit';", 'export const limiter = rateLimit({ windowMs: 60_000, limit: 100 });');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS, 'src/limiter.ts': limiter }), []);
    const flexible = ts("const { RateLimiterRedis } = require('rate-limiter-flexible');", 'const limiter = new RateLimiterRedis({ storeClient: redis, points: 10, duration: 1 });', 'module.exports = (req, res, next) => limiter.consume(req.ip).then(() => next()).catch(() => res.status(429).end());');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS, 'src/limit.js': flexible }), []);
    assert.deepEqual(await spots(RULE, { 'server.js': FASTIFY.replace('fastify.get', "fastify.register(require('@fastify/rate-limit'), { max: 100 });\nfastify.get") }), []);
    const module = ts("import { Module } from '@nestjs/common';", "import { ThrottlerModule } from '@nestjs/throttler';", '@Module({ imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }])] })', 'export class AppModule {}');
    assert.deepEqual(await spots(RULE, { 'src/main.ts': NEST, 'src/app.module.ts': module }), []);
    const koa429 = KOA.replace('app.listen', "app.use(async (ctx, next) => { if (tooMany(ctx.ip)) { ctx.status = 429; return; } await next(); });\napp.listen");
    assert.deepEqual(await spots(RULE, { 'index.js': koa429 }), []);
  });

  it('fixes with the framework limiter: express-rate-limit, @fastify/rate-limit, Nest on Express, koa-ratelimit', async () => {
    const express = await checkTsFix(RULE, { 'src/app.ts': EXPRESS });
    assert.match(express['src/app.ts'], /^import rateLimit from 'express-rate-limit';$/m);
    assert.match(express['src/app.ts'], /^export const app = express\(\);\napp\.use\(rateLimit\(\{ windowMs: 60_000, limit: 100, standardHeaders: 'draft-8', legacyHeaders: false \}\)\);$/m);
    const fastify = await checkTsFix(RULE, { 'server.js': FASTIFY });
    assert.equal(fastify['server.js'], ts("const rateLimit = require('@fastify/rate-limit');", '', "const fastify = require('fastify')({ logger: true });", "fastify.register(rateLimit, { max: 100, timeWindow: '1 minute' });", "fastify.get('/', async () => 'ok');", 'fastify.listen({ port: 3000 });'));
    const nest = await checkTsFix(RULE, { 'src/main.ts': NEST });
    assert.match(nest['src/main.ts'], /^  app\.use\(rateLimit\(\{ windowMs: 60_000/m);
    const koa = await checkTsFix(RULE, { 'index.mjs': KOA });
    assert.match(koa['index.mjs'], /^app\.use\(ratelimit\(\{ driver: 'memory', db: new Map\(\), duration: 60_000, max: 100 \}\)\);$/m);
  });
});
