/** code/missing-error-tracking, code/missing-metrics and code/server-without-timeouts on TS/JS services. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spots, ts } from './_typescript';

const APP = ts("import express from 'express';", 'const app = express();', "app.get('/healthz', (_req, res) => res.json({ ok: true }));", 'app.listen(3000);');

describe('code/missing-error-tracking (TypeScript/JavaScript)', () => {
  const RULE = 'code/missing-error-tracking';
  it('flags an app with no tracker; passes Sentry, Datadog, OpenTelemetry set up in another module', async () => {
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP }), ['src/app.ts:2:13']);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP, 'src/instrument.ts': ts("import * as Sentry from '@sentry/node';", 'Sentry.init({ dsn: process.env.SENTRY_DSN });') }), []);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': `import 'dd-trace/init';\n${APP}` }), []);
    const otel = ts("const { NodeSDK } = require('@opentelemetry/sdk-node');", 'new NodeSDK({}).start();');
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP, 'src/tracing.js': otel }), []);
  });
});

describe('code/missing-metrics (TypeScript/JavaScript)', () => {
  const RULE = 'code/missing-metrics';
  it('flags an app with no metrics; passes prom-client and express-prom-bundle', async () => {
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP }), ['src/app.ts:2:13']);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP, 'src/metrics.ts': ts("import client from 'prom-client';", 'client.collectDefaultMetrics();') }), []);
    assert.deepEqual(await spots(RULE, { 'src/app.ts': APP.replace('app.listen', "app.use(require('express-prom-bundle')({ includeMethod: true }));\napp.listen") }), []);
  });
});

describe('code/server-without-timeouts (TypeScript/JavaScript)', () => {
  it('never flags Node servers: they have header and request timeouts by default', async () => {
    assert.deepEqual(await spots('code/server-without-timeouts', { 'src/app.ts': APP, 'src/h.js': "require('http').createServer((q, s) => s.end()).listen(80);\n" }), []);
  });
});
