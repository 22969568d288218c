import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../server/parsers/code/typescript/_fixture';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/missing-graceful-shutdown';

const EXPRESS = ts("import express from 'express';", 'const app = express();', "app.get('/healthz', (_req, res) => res.json({ ok: true }));", 'app.listen(3000, () => console.log("listening"));');

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags a started server with no SIGTERM handling, on the listen call', async () => {
    assert.deepEqual(await spots(RULE, { 'src/index.ts': EXPRESS }), ['src/index.ts:4:1']);
    const split = { 'src/app.ts': ts("import express from 'express';", 'export const app = express();'), 'src/main.ts': ts("import { app } from './app';", 'const server = app.listen(8080);') };
    assert.deepEqual(await spots(RULE, split), ['src/main.ts:2:16']);
  });

  it('accepts process.on in another module, terminus, close-with-grace, Nest shutdown hooks; ignores exported apps and Next', async () => {
    assert.deepEqual(await spots(RULE, { 'src/index.ts': EXPRESS, 'src/shutdown.ts': "process.once('SIGTERM', () => process.exit(0));\n" }), []);
    assert.deepEqual(await spots(RULE, fixture('express-shop')), []);
    assert.deepEqual(await spots(RULE, fixture('nest')), []);
    assert.deepEqual(await spots(RULE, { 'lambda.ts': ts("import express from 'express';", "import serverless from 'serverless-http';", 'const app = express();', 'export const handler = serverless(app);') }), []);
    assert.deepEqual(await spots(RULE, fixture('next')), []);
  });

  it('fixes Express by capturing the server and closing it on SIGTERM', async () => {
    const fixed = await checkTsFix(RULE, { 'src/index.ts': EXPRESS });
    assert.equal(fixed['src/index.ts'], EXPRESS.replace("app.listen(3000, () => console.log(\"listening\"));\n", "const server = app.listen(3000, () => console.log(\"listening\"));\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));\n"));
    const named = await checkTsFix(RULE, { 'src/app.ts': ts("import express from 'express';", 'export const app = express();'), 'src/main.ts': ts("import { app } from './app';", 'const httpServer = app.listen(8080);') });
    assert.match(named['src/main.ts'], /^process\.on\('SIGTERM', \(\) => httpServer\.close\(\(\) => process\.exit\(0\)\)\);$/m);
  });

  it('fixes Fastify with app.close(), Nest with enableShutdownHooks() before listen', async () => {
    const fastify = ts("import Fastify from 'fastify';", 'async function main() {', '  const app = Fastify();', "  app.get('/healthz', async () => 'ok');", '  await app.listen({ port: 3000 });', '}', 'void main();');
    const f = await checkTsFix(RULE, { 'src/main.ts': fastify });
    assert.match(f['src/main.ts'], /^  await app\.listen\(\{ port: 3000 \}\);\n  process\.on\('SIGTERM', \(\) => \{\n    app\.close\(\)\.then\(\(\) => process\.exit\(0\)\);\n  \}\);$/m);
    const nest = ts("import { NestFactory } from '@nestjs/core';", "import { AppModule } from './app.module';", 'async function bootstrap() {', '  const app = await NestFactory.create(AppModule);', '  await app.listen(3000);', '}', 'void bootstrap();');
    const n = await checkTsFix(RULE, { 'src/main.ts': nest });
    assert.match(n['src/main.ts'], /^  app\.enableShutdownHooks\(\);\n  await app\.listen\(3000\);$/m);
  });
});
