import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/insecure-session-cookie';

describe(`${RULE} (Python)`, () => {
  it('flags SESSION_COOKIE_SECURE/HTTPONLY = False in prod settings and Flask config', async () => {
    const files = {
      'proj/settings/production.py': py('SESSION_COOKIE_SECURE = False'),
      'proj/settings/local.py': py('SESSION_COOKIE_SECURE = False'),
      'app.py': py('from flask import Flask', 'app = Flask(__name__)', 'app.config.update(SESSION_COOKIE_HTTPONLY=False)'),
    };
    assert.deepEqual(await spots(RULE, files), ['app.py:3:43', 'proj/settings/production.py:1:25']);
  });

  it('flags session cookies set by hand without Secure/HttpOnly and Starlette sessions without https_only', async () => {
    const view = py(
      'from flask import make_response',
      'def login():',
      '    resp = make_response("ok")',
      '    resp.set_cookie("session_token", token, max_age=3600)',
      '    resp.set_cookie("theme", "dark")',
      '    return resp',
    );
    const [f] = await findingsOf(RULE, { 'views.py': view });
    assert.equal(f.range.start.line, 3);
    assert.match(f.message, /without Secure and HttpOnly/);
    const st = py('from fastapi import FastAPI', 'from starlette.middleware.sessions import SessionMiddleware', 'app = FastAPI()', 'app.add_middleware(SessionMiddleware, secret_key=settings.session_secret)');
    assert.deepEqual(await spots(RULE, { 'main.py': st }), ['main.py:4:20']);
  });

  it('does not flag secure settings, framework defaults, or non-session cookies', async () => {
    const files = {
      'proj/settings.py': py('SESSION_COOKIE_SECURE = True', 'SESSION_COOKIE_HTTPONLY = True'),
      'views.py': py('def v(resp):', '    resp.set_cookie("sessionid", sid, secure=True, httponly=True, samesite="Lax")', '    resp.set_cookie("lang", "fr")'),
      'main.py': py('from fastapi import FastAPI', 'from starlette.middleware.sessions import SessionMiddleware', 'app = FastAPI()', 'app.add_middleware(SessionMiddleware, secret_key=KEY, https_only=True)'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('fix: True in settings; secure=True, httponly=True on set_cookie', async () => {
    const settings = await checkPythonFix(RULE, { 'proj/settings.py': py('SESSION_COOKIE_SECURE = False') });
    assert.equal(settings['proj/settings.py'], py('SESSION_COOKIE_SECURE = True'));
    const view = await checkPythonFix(RULE, { 'views.py': py('from flask import Response', 'def v(resp):', '    resp.set_cookie("session", sid, httponly=False)') });
    assert.equal(view['views.py'], py('from flask import Response', 'def v(resp):', '    resp.set_cookie("session", sid, httponly=True, secure=True)'));
  });
});
