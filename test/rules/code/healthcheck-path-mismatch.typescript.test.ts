import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../server/parsers/code/typescript/_fixture';
import { spots, ts } from './_typescript';

const RULE = 'code/healthcheck-path-mismatch';

const probe = (path: string): string => `FROM node:20-alpine\nHEALTHCHECK CMD wget -qO- http://localhost:8080${path} || exit 1\nCMD ["node", "dist/main.js"]\n`;

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  const shop = fixture('express-shop');

  it('resolves Express routes through routers mounted across modules, factories and helpers', async () => {
    for (const served of ['/healthz', '/readyz', '/api/v1/users/42', '/api/v1/orders', '/metrics', '/assets/logo.png']) {
      assert.deepEqual(await spots(RULE, { ...shop, Dockerfile: probe(served) }), [], served);
    }
    assert.deepEqual(await spots(RULE, { ...shop, Dockerfile: probe('/health') }), ['Dockerfile:2:27']);
    assert.deepEqual(await spots(RULE, { ...shop, Dockerfile: probe('/api/v2/orders') }), ['Dockerfile:2:27']);
  });

  it('resolves Fastify plugins registered with a prefix', async () => {
    const catalog = Object.fromEntries(Object.entries(fixture('fastify')).filter(([p]) => p.startsWith('catalog/')));
    assert.deepEqual(await spots(RULE, { ...catalog, 'catalog/Dockerfile': probe('/products/abc') }), []);
    assert.deepEqual(await spots(RULE, { ...catalog, 'catalog/Dockerfile': probe('/healthz') }), ['catalog/Dockerfile:2:27']);
  });

  it('applies the Nest global prefix and its exclusions', async () => {
    const nest = fixture('nest');
    assert.deepEqual(await spots(RULE, { ...nest, Dockerfile: probe('/health') }), []);
    assert.deepEqual(await spots(RULE, { ...nest, Dockerfile: probe('/api/health') }), ['Dockerfile:2:27']);
  });

  it('stays silent for Next.js (pages are not modelled) and for apps serving anything from static files at the root', async () => {
    const next = fixture('next');
    assert.deepEqual(await spots(RULE, { ...next, Dockerfile: probe('/') }), []);
    const spa = ts("const express = require('express');", 'const app = express();', "app.use(express.static('dist'));", 'app.listen(8080);');
    assert.deepEqual(await spots(RULE, { 'server.js': spa, Dockerfile: probe('/health') }), []);
  });
});
