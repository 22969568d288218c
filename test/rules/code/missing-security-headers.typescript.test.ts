import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { applyNamedFix, checkTsFix, EXPRESS_PKG, spots, ts } from './_typescript';

const RULE = 'code/missing-security-headers';

const EXPRESS = ts("import express from 'express';", '', 'const app = express();', "app.get('/', (_req, res) => res.send('ok'));", 'app.listen(3000);');
const EXPRESS_CJS = ts("'use strict'", "const express = require('express')", '', 'const app = express()', "app.get('/', (req, res) => res.send('ok'))", 'app.listen(3000)');
const FASTIFY = ts("import Fastify from 'fastify';", '', 'export async function build() {', '  const app = Fastify({ logger: true });', "  app.get('/', async () => 'ok');", '  return app;', '}');
const NEST = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", '', 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', '  await app.listen(3000);', '}', 'bootstrap();');
const KOA = ts("const Koa = require('koa');", 'const app = new Koa();', "app.use(async (ctx) => { ctx.body = 'ok'; });", 'app.listen(3000);');

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags Express, Fastify, NestJS and Koa apps with no headers layer, on the constructor', async () => {
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS }), ['src/app.ts:3:13']);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': FASTIFY }), ['src/app.ts:4:15']);
    assert.deepEqual(await spots(RULE, { 'src/main.ts': NEST }), ['src/main.ts:5:21']);
    assert.deepEqual(await spots(RULE, { 'index.js': KOA }), ['index.js:2:13']);
  });

  it('accepts helmet registered in a setup module, @fastify/helmet, koa-helmet, hand-written headers, next.config headers()', async () => {
    const setup = ts("import helmet from 'helmet';", "import type { Express } from 'express';", 'export function secure(app: Express) {', '  app.use(helmet());', '}');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS, 'src/security.ts': setup }), []);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': FASTIFY.replace("  app.get(", "  await app.register(import('@fastify/helmet'));\n  app.get(") }), []);
    assert.deepEqual(await spots(RULE, { 'index.js': KOA.replace("app.use(async", "app.use(require('koa-helmet')());\napp.use(async") }), []);
    const manual = ts('export function headers(req, res, next) {', "  res.set('Content-Security-Policy', \"default-src 'self'\");", '  next();', '}', "export default function (app) { app.use(headers); }");
    assert.deepEqual(await spots(RULE, { 'src/app.ts': EXPRESS, 'src/headers.js': manual }), []);
  });

  it('fixes Express (ESM and CommonJS style), Fastify (await inside an async factory), NestJS and Koa', async () => {
    const esm = await checkTsFix(RULE, { 'src/app.ts': EXPRESS });
    assert.equal(esm['src/app.ts'], ts("import express from 'express';", "import helmet from 'helmet';", '', 'const app = express();', 'app.use(helmet());', "app.get('/', (_req, res) => res.send('ok'));", 'app.listen(3000);'));
    const cjs = await checkTsFix(RULE, { 'src/app.js': EXPRESS_CJS });
    assert.equal(cjs['src/app.js'], ts("'use strict'", "const express = require('express')", "const helmet = require('helmet')", '', 'const app = express()', 'app.use(helmet())', "app.get('/', (req, res) => res.send('ok'))", 'app.listen(3000)'));
    const generator = await checkTsFix(RULE, { 'app.js': ts("var express = require('express');", 'var app = express();', 'module.exports = app;') });
    assert.equal(generator['app.js'], ts("var express = require('express');", "var helmet = require('helmet');", 'var app = express();', 'app.use(helmet());', 'module.exports = app;'));
    const fastify = await checkTsFix(RULE, { 'src/app.ts': FASTIFY });
    assert.match(fastify['src/app.ts'], /^import helmet from '@fastify\/helmet';$/m);
    assert.match(fastify['src/app.ts'], /^  const app = Fastify\(\{ logger: true \}\);\n  await app\.register\(helmet\);$/m);
    const nest = await checkTsFix(RULE, { 'src/main.ts': NEST });
    assert.match(nest['src/main.ts'], /^  const app = await NestFactory\.create\(AppModule\);\n  app\.use\(helmet\(\)\);$/m);
    const koa = await checkTsFix(RULE, { 'index.js': KOA });
    assert.match(koa['index.js'], /^const helmet = require\('koa-helmet'\);\nconst app = new Koa\(\);\napp\.use\(helmet\(\)\);$/m);
  });

  it('offers the dependency as a separate action that keeps package.json formatting', async () => {
    const files = { 'web/package.json': EXPRESS_PKG, 'web/src/app.ts': EXPRESS };
    const [finding] = await findingsOf(RULE, files);
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Use helmet', 'Add helmet to web/package.json']);
    const fixed = await applyNamedFix(RULE, files, 'Add helmet to web/package.json');
    assert.equal(fixed['web/package.json'], EXPRESS_PKG.replace('"express": "^4.21.0"', '"express": "^4.21.0",\n    "helmet": "^8.1.0"'));
    assert.deepEqual(JSON.parse(fixed['web/package.json']).dependencies, { cors: '^2.8.5', express: '^4.21.0', helmet: '^8.1.0' });
    // Already there: no action.
    const withHelmet = { ...files, 'web/package.json': fixed['web/package.json'] };
    assert.deepEqual((await findingsOf(RULE, withHelmet))[0].fixes.map((f) => f.title), ['Use helmet']);
    // No dependencies section yet; Fastify 4 gets the plugin major that supports it.
    const bare = { 'svc/package.json': '{\n\t"name": "svc",\n\t"dependencies": {\n\t\t"fastify": "^4.28.1"\n\t}\n}\n', 'svc/app.ts': FASTIFY };
    const dep = await applyNamedFix(RULE, bare, 'Add @fastify/helmet to svc/package.json');
    assert.equal(dep['svc/package.json'], '{\n\t"name": "svc",\n\t"dependencies": {\n\t\t"@fastify/helmet": "^11.1.1",\n\t\t"fastify": "^4.28.1"\n\t}\n}\n');
  });
});
