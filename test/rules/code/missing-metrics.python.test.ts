import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { py, spots } from './_python';

const RULE = 'code/missing-metrics';
const FASTAPI = py('from fastapi import FastAPI', '', 'app = FastAPI()');

describe(`${RULE} (Python)`, () => {
  it('flags an app exposing no metrics, naming the idiomatic exporter', async () => {
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI }), ['api/main.py:3:7']);
    const [f] = await findingsOf(RULE, { 'api/main.py': FASTAPI });
    assert.match(f.message, /prometheus-fastapi-instrumentator/);
    const [d] = await findingsOf(RULE, { 'proj/settings.py': py('INSTALLED_APPS = ["django.contrib.auth"]', 'MIDDLEWARE = []') });
    assert.match(d.message, /django-prometheus/);
  });

  it('accepts the instrumentator, prometheus_client, prometheus-flask-exporter and django-prometheus', async () => {
    const inst = py('from fastapi import FastAPI', 'from prometheus_fastapi_instrumentator import Instrumentator', 'app = FastAPI()', 'Instrumentator().instrument(app).expose(app)');
    assert.deepEqual(await spots(RULE, { 'api/main.py': inst }), []);
    const client = py('from prometheus_client import make_asgi_app', 'metrics_app = make_asgi_app()');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/metrics.py': client }), []);
    const flask = py('from flask import Flask', 'from prometheus_flask_exporter import PrometheusMetrics', 'app = Flask(__name__)', 'metrics = PrometheusMetrics(app)');
    assert.deepEqual(await spots(RULE, { 'app.py': flask }), []);
    const django = py('INSTALLED_APPS = ["django_prometheus"]', 'MIDDLEWARE = ["django_prometheus.middleware.PrometheusBeforeMiddleware"]');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': django }), []);
  });
});
