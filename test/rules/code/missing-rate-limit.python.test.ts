import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { findingsOf, memoryWorkspace } from '../../helpers/workspace';
import { checkPythonFix, FASTAPI_REQUIREMENTS, py, spots } from './_python';

const RULE = 'code/missing-rate-limit';

const FASTAPI_APP = py(
  '"""Orders API."""',
  'from fastapi import FastAPI',
  '',
  'app = FastAPI(title="orders")',
  '',
  '',
  '@app.get("/orders/{order_id}")',
  'def get_order(order_id: int):',
  '    return {"id": order_id}',
);

describe(`${RULE} (Python)`, () => {
  it('flags FastAPI and Flask apps without a limiter, on the constructor', async () => {
    assert.deepEqual(await spots(RULE, { 'api/requirements.txt': FASTAPI_REQUIREMENTS, 'api/app/main.py': FASTAPI_APP }), ['api/app/main.py:4:7']);
    const flask = py('from flask import Flask', '', 'app = Flask(__name__)', '', '@app.route("/")', 'def index():', '    return "hi"');
    assert.deepEqual(await spots(RULE, { 'web/app.py': flask }), ['web/app.py:3:7']);
    const [f] = await findingsOf(RULE, { 'web/app.py': flask });
    assert.match(f.message, /Flask app `app` has no rate limiting/);
  });

  it('flags a Django project without throttling on its MIDDLEWARE setting', async () => {
    const settings = py('INSTALLED_APPS = ["django.contrib.auth"]', 'MIDDLEWARE = [', '    "django.middleware.common.CommonMiddleware",', ']', 'ROOT_URLCONF = "config.urls"');
    assert.deepEqual(await spots(RULE, { 'config/settings.py': settings }), ['config/settings.py:2:1']);
  });

  it('does not flag when a limiter is registered anywhere in the service, or nginx limits requests', async () => {
    const limiter = py(
      'from slowapi import Limiter',
      'from slowapi.util import get_remote_address',
      '',
      'limiter = Limiter(key_func=get_remote_address, storage_uri="redis://redis:6379/1")',
      '',
      '',
      'def setup(app):',
      '    app.state.limiter = limiter',
    );
    assert.deepEqual(await spots(RULE, { 'api/requirements.txt': FASTAPI_REQUIREMENTS, 'api/app/main.py': FASTAPI_APP, 'api/app/ratelimit.py': limiter }), []);
    const nginx = 'http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n  server { location / { limit_req zone=api; proxy_pass http://api:8000; } }\n}\n';
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': FASTAPI_APP, 'deploy/nginx.conf': nginx }), []);
    const flask = py(
      'from flask import Flask',
      'from flask_limiter import Limiter',
      'from flask_limiter.util import get_remote_address',
      '',
      'app = Flask(__name__)',
      'limiter = Limiter(get_remote_address, app=app, storage_uri="redis://cache:6379")',
    );
    assert.deepEqual(await spots(RULE, { 'app.py': flask }), []);
    const drf = py('INSTALLED_APPS = ["rest_framework"]', 'MIDDLEWARE = []', 'REST_FRAMEWORK = {', '    "DEFAULT_THROTTLE_RATES": {"anon": "100/hour"},', '}');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': drf }), []);
  });

  it('counts a hand-written middleware that answers 429', async () => {
    const mw = py(
      'import time',
      'from starlette.middleware.base import BaseHTTPMiddleware',
      'from starlette.responses import JSONResponse',
      '',
      '',
      'class Throttle(BaseHTTPMiddleware):',
      '    async def dispatch(self, request, call_next):',
      '        if self.too_many(request.client.host):',
      '            return JSONResponse({"detail": "slow down"}, status_code=429)',
      '        return await call_next(request)',
    );
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': FASTAPI_APP, 'api/app/throttle.py': mw }), []);
  });

  it('ignores apps in tests, and a client that checks for 429 is not a limiter', async () => {
    assert.deepEqual(await spots(RULE, { 'tests/test_api.py': py('from fastapi import FastAPI', 'app = FastAPI()') }), []);
    const client = py('import requests', 'r = requests.get("https://x", timeout=3)', 'if r.status_code == 429:', '    pass');
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': FASTAPI_APP, 'api/app/client.py': client }), ['api/app/main.py:4:7']);
  });

  it('fix: slowapi limiter on the FastAPI app, plus a separate requirements action', async () => {
    const files = { 'api/requirements.txt': FASTAPI_REQUIREMENTS, 'api/app/main.py': FASTAPI_APP };
    const [f] = await findingsOf(RULE, files);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Add a slowapi limiter (100 requests/minute per client)', 'Add slowapi to requirements.txt']);
    const fixed = await checkPythonFix(RULE, files, 'Add a slowapi limiter (100 requests/minute per client)');
    assert.match(fixed['api/app/main.py'], /^from slowapi import Limiter, _rate_limit_exceeded_handler$/m);
    assert.match(fixed['api/app/main.py'], /app = FastAPI\(title="orders"\)\nlimiter = Limiter\(key_func=get_remote_address/);
    assert.match(fixed['api/app/main.py'], /app\.add_middleware\(SlowAPIMiddleware\)/);
    const req = await checkPythonFix(RULE, files, 'Add slowapi to requirements.txt').catch((e: Error) => e);
    // The requirements action alone does not add a limiter: the finding stays.
    assert.ok(req instanceof Error);
    const withReq = f.fixes[1].changes[0];
    assert.equal(withReq.file, 'api/requirements.txt');
  });

  it('fix: Flask-Limiter inside an app factory, in the factory\'s indentation', async () => {
    const files = {
      'requirements.txt': py('flask==3.0.3'),
      'shop/__init__.py': py('from flask import Flask', '', '', 'def create_app():', '    app = Flask(__name__)', '    return app'),
    };
    const fixed = await checkPythonFix(RULE, files, 'Add a Flask-Limiter limiter (100 requests/minute per client)');
    assert.match(fixed['shop/__init__.py'], /\n    app = Flask\(__name__\)\n    limiter = Limiter\(get_remote_address, app=app, /);
    const [f] = await findingsOf(RULE, files);
    assert.ok(f.fixes.some((x) => x.title === 'Add Flask-Limiter to requirements.txt'));
  });

  it('dependency action: pyproject dependencies, nothing when the package is already declared', async () => {
    const pyproject = '[project]\nname = "orders"\ndependencies = [\n    "fastapi>=0.111",\n]\n';
    const [f] = await findingsOf(RULE, { 'api/pyproject.toml': pyproject, 'api/app/main.py': FASTAPI_APP });
    const dep = f.fixes.find((x) => x.title === 'Add slowapi to pyproject.toml');
    assert.ok(dep);
    assert.deepEqual(dep.changes[0].edits[0].newText, '    "slowapi",\n');
    const [g] = await findingsOf(RULE, { 'api/requirements.txt': 'fastapi\nslowapi==0.1.9\n', 'api/app/main.py': FASTAPI_APP });
    assert.deepEqual(g.fixes.map((x) => x.title), ['Add a slowapi limiter (100 requests/minute per client)']);
  });

  it('re-groups services when a manifest appears in the same workspace (editor session)', async () => {
    const limiter = py('from slowapi import Limiter', 'limiter = Limiter(key_func=k, storage_uri="redis://r:6379")');
    const ws = memoryWorkspace({ 'api/main.py': FASTAPI_APP, 'admin/limits.py': limiter });
    const count = async () => (await analyze(ws)).findings.filter((f) => f.rule === RULE).length;
    // One service (the root): the limiter in admin/ covers the app.
    assert.equal(await count(), 0);
    ws.setText('api/requirements.txt', FASTAPI_REQUIREMENTS);
    assert.equal(await count(), 1);
  });
});
