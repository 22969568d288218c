import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/cors-wildcard';

const express = (cors: string): string => ts("import express from 'express';", "import cors from 'cors';", '', 'export const app = express();', `app.use(${cors});`);

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('is an error for an Express app reflecting any origin with credentials', async () => {
    const files = { 'web/src/app.ts': express('cors({ origin: true, credentials: true })') };
    const [f] = await findingsOf(RULE, files);
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.file, f.range.start.line + 1, f.range.start.character + 1], ['web/src/app.ts', 5, 24]);
    assert.match(f.message, /echoes back whatever Origin/);
  });

  it('warns on bare cors(), `*`, a bare Nest enableCors(), @fastify/cors without options and hand-written headers', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': express('cors()') }), ['a.ts:5:9']);
    assert.equal((await findingsOf(RULE, { 'a.ts': express("cors({ origin: '*' })") }))[0].severity, 'warning');
    const nest = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', '  app.enableCors();', '  await app.listen(3000);', '}', 'void bootstrap();');
    assert.deepEqual(await spots(RULE, { 'src/main.ts': nest }), ['src/main.ts:5:3']);
    const fastify = ts("const fastify = require('fastify')();", "fastify.register(require('@fastify/cors'));", 'fastify.listen({ port: 3000 });');
    assert.deepEqual(await spots(RULE, { 'server.js': fastify }), ['server.js:2:1']);
    const manual = ts('module.exports = function allowAll(app) {', '  app.use((req, res, next) => {', "    res.setHeader('Access-Control-Allow-Origin', '*');", '    next();', '  });', '};');
    assert.deepEqual(await spots(RULE, { 'lib/cors.js': manual }), ['lib/cors.js:3:50']);
  });

  it('passes listed origins, origins from the environment or settings, and test files', async () => {
    assert.deepEqual(await spots(RULE, { 'a.ts': express("cors({ origin: ['https://shop.example.com'], credentials: true })") }), []);
    assert.deepEqual(await spots(RULE, { 'a.ts': express("cors({ origin: process.env.CORS_ORIGINS?.split(','), credentials: true })") }), []);
    assert.deepEqual(await spots(RULE, { 'a.ts': express('cors({ origin: settings.allowedOrigins })') }), []);
    assert.deepEqual(await spots(RULE, { 'test/app.test.ts': express('cors()') }), []);
  });

  it('fixes: origins from CORS_ORIGINS, in the option, a bare call, Nest and Fastify', async () => {
    const reflected = await checkTsFix(RULE, { 'a.ts': express('cors({ origin: true, credentials: true })') });
    assert.match(reflected['a.ts'], /app\.use\(cors\(\{ origin: process\.env\.CORS_ORIGINS\?\.split\(','\) \?\? \[\], credentials: true \}\)\);/);
    const bare = await checkTsFix(RULE, { 'a.ts': express('cors()') });
    assert.match(bare['a.ts'], /app\.use\(cors\(\{ origin: process\.env\.CORS_ORIGINS\?\.split\(','\) \?\? \[\] \}\)\);/);
    const noOrigin = await checkTsFix(RULE, { 'a.ts': express('cors({ credentials: true })') });
    assert.match(noOrigin['a.ts'], /cors\(\{ origin: process\.env\.CORS_ORIGINS\?\.split\(','\) \?\? \[\], credentials: true \}\)/);
    const nest = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule, { cors: true });', '  await app.listen(3000);', '}', 'void bootstrap();');
    const nestFixed = await checkTsFix(RULE, { 'src/main.ts': nest });
    assert.match(nestFixed['src/main.ts'], /NestFactory\.create\(AppModule, \{ cors: \{ origin: process\.env\.CORS_ORIGINS\?\.split\(','\) \?\? \[\] \} \}\)/);
    const fastify = await checkTsFix(RULE, { 'server.js': ts("const fastify = require('fastify')();", "fastify.register(require('@fastify/cors'));", 'fastify.listen({ port: 3000 });') });
    assert.match(fastify['server.js'], /fastify\.register\(require\('@fastify\/cors'\), \{ origin: process\.env\.CORS_ORIGINS\?\.split\(','\) \?\? \[\] \}\);/);
  });
});
