import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/missing-security-headers';

const FASTAPI = py('from fastapi import FastAPI', '', 'app = FastAPI()', '', '', '@app.get("/")', 'def index():', '    return {}');
const FLASK = py('from flask import Flask', '', 'app = Flask(__name__)', '', '', '@app.route("/")', 'def index():', '    return "ok"');
const DJANGO = py(
  'INSTALLED_APPS = ["django.contrib.auth"]',
  'MIDDLEWARE = [',
  "    'django.middleware.common.CommonMiddleware',",
  "    'django.middleware.csrf.CsrfViewMiddleware',",
  ']',
);

describe(`${RULE} (Python)`, () => {
  it('flags FastAPI, Flask and Django apps with no headers layer', async () => {
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI }), ['api/main.py:3:7']);
    assert.deepEqual(await spots(RULE, { 'web/app.py': FLASK }), ['web/app.py:3:7']);
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': DJANGO }), ['proj/settings.py:2:1']);
  });

  it('accepts Talisman, SecurityMiddleware, the secure package, a custom middleware in another module, and nginx add_header', async () => {
    const talisman = py('from flask import Flask', 'from flask_talisman import Talisman', '', 'app = Flask(__name__)', 'Talisman(app)');
    assert.deepEqual(await spots(RULE, { 'app.py': talisman }), []);
    const django = DJANGO.replace("MIDDLEWARE = [\n", "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n");
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': django }), []);
    const custom = py(
      'from starlette.types import ASGIApp, Receive, Scope, Send',
      '',
      '',
      'class HeadersMiddleware:',
      '    def __init__(self, app: ASGIApp):',
      '        self.app = app',
      '',
      '    async def __call__(self, scope: Scope, receive: Receive, send: Send):',
      '        async def send_wrapper(message):',
      '            if message["type"] == "http.response.start":',
      '                message["headers"].append((b"x-content-type-options", b"nosniff"))',
      '            await send(message)',
      '        await self.app(scope, receive, send_wrapper)',
    );
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'api/headers.py': custom }), []);
    const nginx = 'server {\n  add_header Strict-Transport-Security "max-age=31536000" always;\n}\n';
    assert.deepEqual(await spots(RULE, { 'api/main.py': FASTAPI, 'nginx/conf.d/api.conf': nginx }), []);
  });

  it('does not count headers set in another service or in tests', async () => {
    const other = py('from fastapi import FastAPI', 'app = FastAPI()', '@app.middleware("http")', 'async def h(request, call_next):', '    r = await call_next(request)', '    r.headers["X-Frame-Options"] = "DENY"', '    return r');
    const files = {
      'api/requirements.txt': 'fastapi\n', 'api/main.py': FASTAPI,
      'admin/requirements.txt': 'fastapi\n', 'admin/main.py': other,
      'api/tests/test_headers.py': py('def test_h(client):', '    assert client.get("/").headers["X-Frame-Options"] == "DENY"'),
    };
    assert.deepEqual(await spots(RULE, files), ['api/main.py:3:7']);
  });

  it('fix: a Starlette middleware class before the app and registered after it', async () => {
    const fixed = await checkPythonFix(RULE, { 'api/main.py': FASTAPI }, 'Add a security-headers middleware');
    assert.match(fixed['api/main.py'], /^from starlette\.middleware\.base import BaseHTTPMiddleware$/m);
    assert.match(fixed['api/main.py'], /class SecurityHeadersMiddleware\(BaseHTTPMiddleware\):[\s\S]*\n\n\napp = FastAPI\(\)\napp\.add_middleware\(SecurityHeadersMiddleware\)\n/);
  });

  it('fix: Talisman for Flask (with the dependency action), SecurityMiddleware first in Django', async () => {
    const files = { 'requirements.txt': 'flask==3.0.3\n', 'app.py': FLASK };
    const [f] = await findingsOf(RULE, files);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Add security headers with Talisman', 'Add flask-talisman to requirements.txt']);
    const flask = await checkPythonFix(RULE, files, 'Add security headers with Talisman');
    assert.match(flask['app.py'], /app = Flask\(__name__\)\nTalisman\(app, force_https=False\)\n/);
    const django = await checkPythonFix(RULE, { 'proj/settings.py': DJANGO });
    assert.match(django['proj/settings.py'], /MIDDLEWARE = \[\n    'django\.middleware\.security\.SecurityMiddleware',\n    'django\.middleware\.common/);
  });

  it('fix: the middleware class goes at module level when the app is built in a factory', async () => {
    const factory = py('from fastapi import FastAPI', '', '', 'def create_app() -> FastAPI:', '    app = FastAPI()', '    return app');
    const fixed = await checkPythonFix(RULE, { 'api/main.py': factory }, 'Add a security-headers middleware');
    assert.match(fixed['api/main.py'], /\n\n\nclass SecurityHeadersMiddleware\(BaseHTTPMiddleware\):[\s\S]*\n\n\ndef create_app\(\) -> FastAPI:\n    app = FastAPI\(\)\n    app\.add_middleware\(SecurityHeadersMiddleware\)\n    return app\n/);
  });
});
