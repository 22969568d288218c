import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/missing-health-endpoint';

const FASTAPI = py('from fastapi import FastAPI', '', 'app = FastAPI()', '', '', '@app.get("/orders")', 'def orders():', '    return []');

describe(`${RULE} (Python)`, () => {
  it('flags an app with no health-like route', async () => {
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI }), ['api/main.py:3:7']);
  });

  it('accepts health routes on routers in other modules, blueprints, Django urls and django-health-check', async () => {
    const router = py('from fastapi import APIRouter', '', 'router = APIRouter(prefix="/health")', '', '', '@router.get("/live")', 'def live():', '    return {"ok": True}');
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/routers/health.py': router }), []);
    const bp = py('from flask import Blueprint, Flask', 'bp = Blueprint("ops", __name__)', '@bp.get("/ping")', 'def ping():', '    return "pong"', 'app = Flask(__name__)', 'app.register_blueprint(bp)');
    assert.deepEqual(await spots(RULE, { 'app.py': bp }), []);
    const settings = py('INSTALLED_APPS = ["health_check", "health_check.db"]', 'MIDDLEWARE = []');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': settings }), []);
    const urls = py('from django.urls import path', 'from . import views', 'urlpatterns = [path("readyz", views.ready)]');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': py('INSTALLED_APPS = []', 'MIDDLEWARE = []'), 'proj/urls.py': urls }), []);
  });

  it('fix: a liveness route right after the app, at the path the deployment already probes', async () => {
    const files = {
      'api/main.py': FASTAPI,
      'api/Dockerfile': 'FROM python:3.12-slim\nHEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"\nCMD ["uvicorn", "main:app"]\n',
    };
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /the deployment's healthcheck probes \/health/);
    const fixed = await checkPythonFix(RULE, files, 'Add a /health liveness route');
    assert.match(fixed['api/main.py'], /app = FastAPI\(\)\n\n\n@app\.get\("\/health", include_in_schema=False\)\ndef health\(\):\n    return \{"status": "ok"\}\n\n\n@app\.get\("\/orders"\)/);
  });

  it('fix: Flask route inside a factory, default /healthz', async () => {
    const files = { 'shop/__init__.py': py('from flask import Flask', '', '', 'def create_app():', '    app = Flask(__name__)', '    return app') };
    const fixed = await checkPythonFix(RULE, files, 'Add a /healthz liveness route');
    assert.match(fixed['shop/__init__.py'], /    app = Flask\(__name__\)\n\n    @app\.route\("\/healthz"\)\n    def healthz\(\):\n        return \{"status": "ok"\}\n\n    return app\n/);
  });
});
