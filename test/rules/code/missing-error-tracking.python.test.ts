import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/missing-error-tracking';
const FASTAPI = py('from fastapi import FastAPI', '', 'app = FastAPI()');

describe(`${RULE} (Python)`, () => {
  it('flags an app of a service with no error tracking', async () => {
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI }), ['api/main.py:3:7']);
  });

  it('accepts sentry_sdk.init (in settings or another module), Rollbar, OpenTelemetry exporters', async () => {
    const sentry = py('import os', 'import sentry_sdk', '', 'sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), traces_sample_rate=0.05)');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/observability.py': sentry }), []);
    const rollbar = py('import rollbar', 'rollbar.init(access_token=ROLLBAR_TOKEN, environment="production")');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/errors.py': rollbar }), []);
    const otel = py('from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter', 'exporter = OTLPSpanExporter()');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/tracing.py': otel }), []);
    const django = py('import sentry_sdk', 'INSTALLED_APPS = []', 'MIDDLEWARE = []', 'sentry_sdk.init(dsn=SENTRY_DSN)');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': django }), []);
  });

  it('does not count a Sentry init in tests', async () => {
    const conftest = py('import sentry_sdk', 'sentry_sdk.init(dsn="")');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/tests/conftest.py': conftest }), ['api/main.py:3:7']);
  });
});
