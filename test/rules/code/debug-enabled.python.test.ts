import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/debug-enabled';

const FLASK_MAIN = py('from flask import Flask', '', 'app = Flask(__name__)', '', 'if __name__ == "__main__":', '    app.run(host="0.0.0.0", debug=True)');

describe(`${RULE} (Python)`, () => {
  it('flags FastAPI(debug=True), app.debug, app.config DEBUG and uvicorn reload, on the value', async () => {
    assert.deepEqual(await spots(RULE, { 'main.py': py('from fastapi import FastAPI', 'app = FastAPI(debug=True)') }), ['main.py:2:21']);
    const flask = py('from flask import Flask', 'app = Flask(__name__)', 'app.debug = True', 'app.config["DEBUG"] = True', 'app.config.update(DEBUG=1)');
    assert.deepEqual(await spots(RULE, { 'app.py': flask }), ['app.py:3:13', 'app.py:4:23', 'app.py:5:25']);
    const uv = py('import uvicorn', 'from fastapi import FastAPI', 'app = FastAPI()', 'uvicorn.run(app, host="0.0.0.0", reload=True)');
    assert.deepEqual(await spots(RULE, { 'serve.py': uv }), ['serve.py:4:41']);
  });

  it('flags DEBUG = True in production Django settings, not in dev/local/test settings', async () => {
    const files = {
      'proj/settings/base.py': py('DEBUG = True', 'INSTALLED_APPS = []', 'MIDDLEWARE = []'),
      'proj/settings/local.py': py('from .base import *', 'DEBUG = True'),
      'proj/settings/test_settings.py': py('from .base import *', 'DEBUG = True'),
    };
    assert.deepEqual(await spots(RULE, files), ['proj/settings/base.py:1:9']);
  });

  it('does not flag a base DEBUG = True that the production settings override', async () => {
    const files = {
      'proj/settings/base.py': py('DEBUG = True', 'INSTALLED_APPS = []'),
      'proj/settings/production.py': py('from .base import *  # noqa', 'DEBUG = False'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('app.run(debug=True) under __main__ counts only when production runs that file', async () => {
    const gunicorn = { 'web/app.py': FLASK_MAIN, 'web/Dockerfile': 'FROM python:3.12-slim\nCMD ["gunicorn", "-w", "2", "app:app"]\n' };
    assert.deepEqual(await spots(RULE, gunicorn), []);
    const script = { 'web/app.py': FLASK_MAIN, 'web/Dockerfile': 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n' };
    const [f] = await findingsOf(RULE, script);
    assert.match(f.message, /the CMD of web\/Dockerfile runs this file/);
    // Nothing says how it is started: it may be this way.
    assert.deepEqual(await spots(RULE, { 'web/app.py': FLASK_MAIN }), ['web/app.py:6:35']);
  });

  it('does not flag values read from the environment or settings, nor config classes for development', async () => {
    const env = py('import os', 'from fastapi import FastAPI', 'app = FastAPI(debug=os.getenv("DEBUG") == "1")');
    assert.deepEqual(await spots(RULE, { 'main.py': env }), []);
    const cls = py('class Config:', '    DEBUG = False', '', '', 'class DevelopmentConfig(Config):', '    DEBUG = True');
    assert.deepEqual(await spots(RULE, { 'config.py': py('from flask import Flask', cls) }), []);
    const base = py('class Config:', '    DEBUG = True', '', '', 'class ProductionConfig(Config):', '    DEBUG = False');
    assert.deepEqual(await spots(RULE, { 'config.py': py('from flask import Flask', base) }), []);
    const devOnly = py('import os', 'from flask import Flask', 'app = Flask(__name__)', 'if os.environ.get("FLASK_ENV") == "development":', '    app.debug = True');
    assert.deepEqual(await spots(RULE, { 'app.py': devOnly }), []);
    assert.deepEqual(await spots(RULE, { 'tests/test_app.py': py('from fastapi import FastAPI', 'app = FastAPI(debug=True)') }), []);
  });

  it('fix: read from the environment, off by default', async () => {
    const fixed = await checkPythonFix(RULE, { 'main.py': py('"""API."""', 'from fastapi import FastAPI', '', 'app = FastAPI(debug=True)') });
    assert.equal(fixed['main.py'], py('"""API."""', 'from fastapi import FastAPI', 'import os', '', 'app = FastAPI(debug=os.environ.get("DEBUG") == "1")'));
    const django = await checkPythonFix(RULE, { 'proj/settings.py': py('import os', '', 'DEBUG = True', 'INSTALLED_APPS = []') });
    assert.match(django['proj/settings.py'], /^DEBUG = os\.environ\.get\("DEBUG"\) == "1"$/m);
  });
});
