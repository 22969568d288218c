import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/sentry-full-trace-sampling';

describe(`${RULE} (Python)`, () => {
  it('flags traces_sample_rate=1.0 (and enable_tracing=True without a rate) on the value', async () => {
    assert.deepEqual(await spots(RULE, { 'obs.py': py('import sentry_sdk', 'sentry_sdk.init(dsn=DSN, traces_sample_rate=1.0)') }), ['obs.py:2:45']);
    assert.deepEqual(await spots(RULE, { 'obs.py': py('import sentry_sdk', 'sentry_sdk.init(enable_tracing=True)') }), ['obs.py:2:32']);
    assert.deepEqual(await spots(RULE, { 'obs.py': py('import sentry_sdk as sentry', 'RATE = 1', 'sentry.init(traces_sample_rate=RATE)') }), ['obs.py:3:32']);
  });

  it('does not flag low or configured rates, samplers, or tests', async () => {
    const files = {
      'a.py': py('import sentry_sdk', 'sentry_sdk.init(traces_sample_rate=0.05)'),
      'b.py': py('import sentry_sdk', 'sentry_sdk.init(traces_sample_rate=settings.SENTRY_TRACES_RATE)'),
      'c.py': py('import sentry_sdk', 'sentry_sdk.init(enable_tracing=True, traces_sampler=sampler)'),
      'tests/conftest.py': py('import sentry_sdk', 'sentry_sdk.init(traces_sample_rate=1.0)'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('fix (safe): the rate from SENTRY_TRACES_SAMPLE_RATE with a 0.1 default', async () => {
    const fixed = await checkPythonFix(RULE, { 'obs.py': py('import sentry_sdk', '', 'sentry_sdk.init(dsn=DSN, traces_sample_rate=1.0)') });
    assert.equal(fixed['obs.py'], py('import sentry_sdk', 'import os', '', 'sentry_sdk.init(dsn=DSN, traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0.1")))'));
    const enable = await checkPythonFix(RULE, { 'obs.py': py('import os', 'import sentry_sdk', 'sentry_sdk.init(enable_tracing=True)') });
    assert.match(enable['obs.py'], /sentry_sdk\.init\(traces_sample_rate=float\(os\.environ/);
  });
});
