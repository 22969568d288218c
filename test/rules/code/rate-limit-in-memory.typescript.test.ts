import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spots, ts } from './_typescript';

const RULE = 'code/rate-limit-in-memory';

const APP = ts("import express from 'express';", "import rateLimit from 'express-rate-limit';", 'export const app = express();', 'app.use(rateLimit({ windowMs: 60_000, limit: 100 }));', 'app.listen(3000);');

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags an in-memory limiter under node cluster, or with compose replicas', async () => {
    const cluster = ts("import cluster from 'node:cluster';", "import os from 'node:os';", 'if (cluster.isPrimary) {', '  for (let i = 0; i < os.cpus().length; i++) cluster.fork();', '} else {', "  await import('./app.js');", '}');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP, 'src/index.ts': cluster }), ['src/app.ts:4:9']);
    const compose = 'services:\n  web:\n    build: .\n    deploy:\n      replicas: 3\n';
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP, 'package.json': '{"name":"web"}\n', 'Dockerfile': 'FROM node:20-alpine\nCMD ["node", "src/app.js"]\n', 'compose.yaml': compose }), ['src/app.ts:4:9']);
  });

  it('passes a shared store, rate-limiter-flexible on Redis, and a single process', async () => {
    const redis = APP.replace('limit: 100', 'limit: 100, store: new RedisStore({ sendCommand })');
    const cluster = ts("const cluster = require('cluster');", 'for (let i = 0; i < 4; i++) cluster.fork();');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': redis, 'src/index.js': cluster }), []);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP }), []);
  });
});
