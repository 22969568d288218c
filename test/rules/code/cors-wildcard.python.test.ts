import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/cors-wildcard';

function fastapi(args: string): string {
  return py('from fastapi import FastAPI', 'from fastapi.middleware.cors import CORSMiddleware', '', 'app = FastAPI()', `app.add_middleware(CORSMiddleware, ${args})`);
}

describe(`${RULE} (Python)`, () => {
  it('flags allow_origins=["*"] on the argument: error with credentials, warning without', async () => {
    const [withCreds] = await findingsOf(RULE, { 'main.py': fastapi('allow_origins=["*"], allow_credentials=True') });
    assert.equal(withCreds.severity, 'error');
    assert.deepEqual([withCreds.range.start.line, withCreds.range.start.character], [4, 49]);
    const [plain] = await findingsOf(RULE, { 'main.py': fastapi('allow_origins=["*"]') });
    assert.equal(plain.severity, 'warning');
  });

  it('sees through a module constant and flags an allow-anything regex', async () => {
    const viaConst = py('from fastapi import FastAPI', 'from fastapi.middleware.cors import CORSMiddleware', 'ORIGINS = ["*"]', 'app = FastAPI()', 'app.add_middleware(CORSMiddleware, allow_origins=ORIGINS)');
    assert.deepEqual(await spots(RULE, { 'main.py': viaConst }), ['main.py:5:50']);
    assert.deepEqual(await spots(RULE, { 'main.py': fastapi('allow_origin_regex=r"https?://.*"') }), ['main.py:5:55']);
  });

  it('flags Flask-CORS without origins, Starlette Middleware(...) lists and Django CORS_ALLOW_ALL_ORIGINS in prod settings', async () => {
    const flask = py('from flask import Flask', 'from flask_cors import CORS', 'app = Flask(__name__)', 'CORS(app, supports_credentials=True)');
    const [f] = await findingsOf(RULE, { 'app.py': flask });
    assert.equal(f.severity, 'error');
    const starlette = py(
      'from starlette.applications import Starlette',
      'from starlette.middleware import Middleware',
      'from starlette.middleware.cors import CORSMiddleware',
      'app = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=["*"])])',
    );
    assert.deepEqual(await spots(RULE, { 'app.py': starlette }), ['app.py:4:70']);
    const settings = { 'proj/settings/production.py': py('CORS_ALLOW_ALL_ORIGINS = True'), 'proj/settings/dev.py': py('CORS_ALLOW_ALL_ORIGINS = True') };
    assert.deepEqual(await spots(RULE, settings), ['proj/settings/production.py:1:26']);
  });

  it('flags a hand-written Access-Control-Allow-Origin: * header', async () => {
    const mw = py('from fastapi import FastAPI', 'app = FastAPI()', '@app.middleware("http")', 'async def cors(request, call_next):', '    response = await call_next(request)', '    response.headers["Access-Control-Allow-Origin"] = "*"', '    return response');
    assert.deepEqual(await spots(RULE, { 'main.py': mw }), ['main.py:6:55']);
  });

  it('does not flag explicit origins, origins read from settings or the environment, or no origins at all', async () => {
    assert.deepEqual(await spots(RULE, { 'main.py': fastapi('allow_origins=["https://shop.example.com"], allow_credentials=True') }), []);
    assert.deepEqual(await spots(RULE, { 'main.py': fastapi('allow_origins=settings.cors_origins, allow_credentials=True') }), []);
    assert.deepEqual(await spots(RULE, { 'main.py': fastapi('allow_origins=os.environ["CORS_ORIGINS"].split(",")') }), []);
    assert.deepEqual(await spots(RULE, { 'main.py': fastapi('allow_methods=["*"]') }), []);
    const flask = py('from flask import Flask', 'from flask_cors import CORS', 'app = Flask(__name__)', 'CORS(app, resources={r"/api/*": {"origins": ["https://a.example"]}})');
    assert.deepEqual(await spots(RULE, { 'app.py': flask }), []);
  });

  it('does not flag a wildcard registered only in development (`if settings.DEBUG:`), but does in the else branch', async () => {
    const src = (cond: string) => py('import os', 'from fastapi import FastAPI', 'from fastapi.middleware.cors import CORSMiddleware', 'app = FastAPI()', `if ${cond}:`, '    app.add_middleware(CORSMiddleware, allow_origins=["*"])');
    assert.deepEqual(await spots(RULE, { 'main.py': src('settings.DEBUG') }), []);
    assert.deepEqual(await spots(RULE, { 'main.py': src('os.getenv("ENV") == "development"') }), []);
    assert.deepEqual(await spots(RULE, { 'main.py': src('not settings.DEBUG') }), ['main.py:6:54']);
  });

  it('fix: origins from CORS_ALLOWED_ORIGINS (FastAPI, Flask-CORS, Django)', async () => {
    const fixed = await checkPythonFix(RULE, { 'main.py': fastapi('allow_origins=["*"], allow_credentials=True') });
    assert.match(fixed['main.py'], /allow_origins=\[o for o in os\.environ\.get\("CORS_ALLOWED_ORIGINS", ""\)\.split\(","\) if o\], allow_credentials=True/);
    assert.match(fixed['main.py'], /^import os$/m);
    const flask = await checkPythonFix(RULE, { 'app.py': py('import os', 'from flask import Flask', 'from flask_cors import CORS', 'app = Flask(__name__)', 'CORS(app)') });
    assert.match(flask['app.py'], /CORS\(app, origins=\[o for o in os\.environ/);
    assert.equal(flask['app.py'].match(/^import os$/gm)?.length, 1);
    const django = await checkPythonFix(RULE, { 'proj/settings/production.py': py('CORS_ALLOW_ALL_ORIGINS = True', 'CORS_ALLOW_CREDENTIALS = True') });
    assert.match(django['proj/settings/production.py'], /^CORS_ALLOWED_ORIGINS = \[o for o in os\.environ/m);
  });
});
