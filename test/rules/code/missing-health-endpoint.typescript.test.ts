import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../server/parsers/code/typescript/_fixture';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/missing-health-endpoint';

const EXPRESS = ts("const express = require('express');", 'const app = express();', "app.get('/api/items', (req, res) => res.json([]));", 'app.listen(3000);');
const FASTIFY = ts("import Fastify from 'fastify';", 'const app = Fastify();', "app.get('/items', async () => []);", 'await app.listen({ port: 3000 });');
const NEST = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', '  await app.listen(3000);', '}', 'void bootstrap();');
const KOA = ts("import Koa from 'koa';", 'const app = new Koa();', 'app.listen(3000);');

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags apps with no health route', async () => {
    assert.deepEqual(await spots(RULE, { 'server.js': EXPRESS }), ['server.js:2:13']);
    assert.deepEqual(await spots(RULE, { 'next.config.mjs': 'export default { reactStrictMode: true };\n', 'app/api/items/route.ts': 'export function GET() { return Response.json([]); }\n' }), ['next.config.mjs:1:16']);
  });

  it('accepts health routes on routers in other modules, Nest controllers, terminus, Next API routes', async () => {
    assert.deepEqual(await spots(RULE, fixture('express-shop')), []);
    assert.deepEqual(await spots(RULE, fixture('nest')), []);
    const terminus = ts("const { createTerminus } = require('@godaddy/terminus');", "const http = require('http');", "const app = require('express')();", 'const server = http.createServer(app);', "createTerminus(server, { healthChecks: { '/live': async () => {} } });", 'server.listen(3000);');
    assert.deepEqual(await spots(RULE, { 'index.js': terminus }), []);
    assert.deepEqual(await spots(RULE, { 'next.config.js': 'module.exports = {};\n', 'pages/api/healthz.js': 'export default (req, res) => res.json({ ok: true });\n' }), []);
  });

  it('fixes with a liveness route in each framework’s style, on the path the deployment probes', async () => {
    const express = await checkTsFix(RULE, { 'server.js': EXPRESS });
    assert.match(express['server.js'], /^const app = express\(\);\napp\.get\('\/healthz', \(_req, res\) => res\.json\(\{ status: 'ok' \}\)\);$/m);
    const fastify = await checkTsFix(RULE, { 'app.mjs': FASTIFY });
    assert.match(fastify['app.mjs'], /^app\.get\('\/healthz', async \(\) => \(\{ status: 'ok' \}\)\);$/m);
    const nest = await checkTsFix(RULE, { 'src/main.ts': NEST });
    assert.match(nest['src/main.ts'], /^  app\.getHttpAdapter\(\)\.get\('\/healthz', \(_req: unknown, res: unknown\) => app\.getHttpAdapter\(\)\.reply\(res, \{ status: 'ok' \}, 200\)\);$/m);
    const koa = await checkTsFix(RULE, { 'index.ts': KOA });
    assert.match(koa['index.ts'], /ctx\.path === '\/healthz'/);
    const probed = await checkTsFix(RULE, { 'web/server.js': EXPRESS, 'web/Dockerfile': 'FROM node:20-alpine\nHEALTHCHECK CMD wget -qO- http://localhost:3000/status || exit 1\nCMD ["node", "server.js"]\n' });
    assert.match(probed['web/server.js'], /app\.get\('\/status'/);
  });

  it('fixes a Next.js app with a route handler file (app router, else pages/api)', async () => {
    const app = await checkTsFix(RULE, { 'web/next.config.mjs': 'export default {};\n', 'web/app/page.tsx': 'export default function Page() { return null; }\n', 'web/tsconfig.json': '{}\n' });
    assert.equal(app['web/app/healthz/route.ts'], "export function GET() {\n  return Response.json({ status: 'ok' });\n}\n");
    const pages = await checkTsFix(RULE, { 'next.config.js': 'module.exports = {};\n', 'pages/index.js': 'export default function Home() { return null; }\n' });
    assert.match(pages['pages/api/healthz.js'], /res\.status\(200\)\.json\(\{ status: 'ok' \}\)/);
  });
});
