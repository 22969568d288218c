import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGoFix, fixture, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/sentry-full-trace-sampling';

describe(`${RULE} (Go)`, () => {
  it('flags TracesSampleRate: 1.0, on the value', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), ['main.go:22:21']);
  });

  it('does not flag a lower or env-driven rate', async () => {
    const files = fixture('billing');
    assert.deepEqual(await spots(RULE, { ...files, 'main.go': files['main.go'].replace('TracesSampleRate: 1.0', 'TracesSampleRate: 0.05') }), []);
    assert.deepEqual(await spots(RULE, { ...files, 'main.go': files['main.go'].replace('TracesSampleRate: 1.0', 'TracesSampleRate: cfg.TraceRate') }), []);
  });

  it('fix: a helper reading SENTRY_TRACES_SAMPLE_RATE, 0.1 by default; added once', async () => {
    const fixed = await checkGoFix(RULE, fixture('billing'));
    const main = fixed['main.go'];
    assert.match(main, /\t\tTracesSampleRate: sentryTracesSampleRate\(\),\n/);
    assert.ok(main.endsWith('\n}\n\n// sentryTracesSampleRate is the share of requests traced: SENTRY_TRACES_SAMPLE_RATE, 10 % by default.\nfunc sentryTracesSampleRate() float64 {\n\tif v, err := strconv.ParseFloat(os.Getenv("SENTRY_TRACES_SAMPLE_RATE"), 64); err == nil {\n\t\treturn v\n\t}\n\treturn 0.1\n}\n'));
    assert.match(main, /\t"os\/signal"\n\t"strconv"\n\t"syscall"\n/);
  });
});
