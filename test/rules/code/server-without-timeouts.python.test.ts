import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/server-without-timeouts';

describe(`${RULE} (Python)`, () => {
  it('never flags Python serve calls: timeouts belong to gunicorn/uvicorn configuration', async () => {
    const files = {
      'api/main.py': py('import uvicorn', 'from fastapi import FastAPI', 'app = FastAPI()', 'uvicorn.run(app)'),
      'web/app.py': py('from flask import Flask', 'from waitress import serve', 'app = Flask(__name__)', 'serve(app, port=8080)'),
      'gunicorn.conf.py': py('workers = 4'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
