import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { py, spots } from './_python';

const RULE = 'code/healthcheck-path-mismatch';

const MAIN = py(
  'from fastapi import FastAPI',
  'from .routers import health, orders',
  '',
  'app = FastAPI()',
  'app.include_router(health.router)',
  'app.include_router(orders.router, prefix="/api/v1")',
);
const HEALTH = py('from fastapi import APIRouter', 'router = APIRouter(prefix="/health")', '@router.get("/live")', 'def live():', '    return {}');
const ORDERS = py('from fastapi import APIRouter', 'router = APIRouter(prefix="/orders")', '@router.get("/{order_id}")', 'def get(order_id: int):', '    return {}');

function service(probe: string): Record<string, string> {
  return {
    'api/app/__init__.py': '',
    'api/app/main.py': MAIN,
    'api/app/routers/__init__.py': '',
    'api/app/routers/health.py': HEALTH,
    'api/app/routers/orders.py': ORDERS,
    'api/Dockerfile': `FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nHEALTHCHECK CMD curl -fsS ${probe} || exit 1\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n`,
  };
}

describe(`${RULE} (Python)`, () => {
  it('flags a HEALTHCHECK path the app does not serve, on the URL, with the app and its health routes related', async () => {
    const [f] = await findingsOf(RULE, service('http://localhost:8000/health'));
    assert.equal(`${f.file}:${f.range.start.line + 1}`, 'api/Dockerfile:4');
    assert.match(f.message, /requests \/health, but the FastAPI app `app` in api\/app\/main\.py has no route for it[\s\S]*It does serve \/health\/live/);
    assert.deepEqual(f.related.map((r) => r.file), ['api/app/main.py', 'api/app/routers/health.py']);
  });

  it('resolves router prefixes and include prefixes, path parameters and a compose healthcheck', async () => {
    assert.deepEqual(await spots(RULE, service('http://localhost:8000/health/live')), []);
    assert.deepEqual(await spots(RULE, service('http://127.0.0.1:8000/api/v1/orders/42')), []);
    const compose = 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]\n';
    assert.deepEqual(await spots(RULE, { ...service('http://localhost:8000/health/live'), 'compose.yaml': compose }), ['compose.yaml:5:35']);
  });

  it('flags a Flask route that only answers POST, with the blueprint prefix replaced at registration', async () => {
    const app = py(
      'from flask import Blueprint, Flask',
      'bp = Blueprint("ops", __name__, url_prefix="/ops")',
      '@bp.route("/status", methods=["POST"])',
      'def status():',
      '    return "ok"',
      '@bp.get("/ping")',
      'def ping():',
      '    return "pong"',
      'app = Flask(__name__)',
      'app.register_blueprint(bp, url_prefix="/internal")',
    );
    const files = (path: string) => ({ 'web/app.py': app, 'web/Dockerfile': `FROM python:3.12-slim\nHEALTHCHECK CMD wget -qO- http://localhost:5000${path}\nCMD ["gunicorn", "app:app"]\n` });
    const [f] = await findingsOf(RULE, files('/internal/status'));
    assert.match(f.message, /only answers POST there/);
    assert.deepEqual(await spots(RULE, files('/internal/ping')), []);
    assert.deepEqual((await spots(RULE, files('/ops/ping'))).length, 1);
  });

  it('resolves Django urlconfs through ROOT_URLCONF and include()', async () => {
    const files = {
      'requirements.txt': 'django\n',
      'proj/__init__.py': '',
      'proj/settings.py': py('INSTALLED_APPS = []', 'MIDDLEWARE = []', 'ROOT_URLCONF = "proj.urls"'),
      'proj/urls.py': py('from django.urls import include, path', 'urlpatterns = [path("api/", include("shop.urls"))]'),
      'shop/__init__.py': '',
      'shop/urls.py': py('from django.urls import path, re_path', 'from . import views', 'urlpatterns = [path("health/", views.health), re_path(r"^items/(?P<pk>\\d+)/$", views.item)]'),
      'Dockerfile': 'FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/api/healthz/\nCMD ["gunicorn", "proj.wsgi"]\n',
    };
    assert.deepEqual(await spots(RULE, files), ['Dockerfile:2:25']);
    const ok = { ...files, Dockerfile: files.Dockerfile.replace('/api/healthz/', '/api/items/7/') };
    assert.deepEqual(await spots(RULE, ok), []);
  });

  it('stays silent when the route table is incomplete or the probed prefix is opaque', async () => {
    const dynamic = { ...service('http://localhost:8000/ready'), 'api/app/routers/health.py': HEALTH.replace('"/live"', 'settings.LIVENESS_PATH') };
    assert.deepEqual(await spots(RULE, dynamic), []);
    const external = { ...service('http://localhost:8000/ready'), 'api/app/main.py': MAIN + 'app.include_router(make_router())\n' };
    assert.deepEqual(await spots(RULE, external), []);
    const mounted = { ...service('http://localhost:8000/static/ok.txt'), 'api/app/main.py': MAIN + 'app.mount("/static", StaticFiles(directory="static"))\n' };
    assert.deepEqual(await spots(RULE, mounted), []);
  });
});
