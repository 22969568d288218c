import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/sentry-full-trace-sampling';

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags tracesSampleRate 1.0 in @sentry/node, @sentry/nextjs and Nest set-ups', async () => {
    assert.deepEqual(await spots(RULE, { 'src/instrument.ts': ts("import * as Sentry from '@sentry/node';", 'Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 1.0 });') }), ['src/instrument.ts:2:62']);
    assert.deepEqual(await spots(RULE, { 'sentry.server.config.js': ts("const Sentry = require('@sentry/nextjs');", 'Sentry.init({', '  tracesSampleRate: 1,', '});') }), ['sentry.server.config.js:3:21']);
  });

  it('passes lower or env-driven rates', async () => {
    assert.deepEqual(await spots(RULE, { 'i.ts': ts("import * as Sentry from '@sentry/node';", 'Sentry.init({ tracesSampleRate: 0.1 });') }), []);
    assert.deepEqual(await spots(RULE, { 'i.ts': ts("import * as Sentry from '@sentry/node';", "Sentry.init({ tracesSampleRate: Number(process.env.SENTRY_TRACES_SAMPLE_RATE ?? '0.05') });") }), []);
  });

  it('fixes: the rate read from SENTRY_TRACES_SAMPLE_RATE, 0.1 by default', async () => {
    const fixed = await checkTsFix(RULE, { 'i.ts': ts("import * as Sentry from '@sentry/node';", 'Sentry.init({ tracesSampleRate: 1.0 });') });
    assert.equal(fixed['i.ts'], ts("import * as Sentry from '@sentry/node';", "Sentry.init({ tracesSampleRate: Number(process.env.SENTRY_TRACES_SAMPLE_RATE ?? '0.1') });"));
  });
});
