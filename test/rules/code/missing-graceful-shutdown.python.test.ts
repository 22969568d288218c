import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/missing-graceful-shutdown';

describe(`${RULE} (Python)`, () => {
  it('never flags Python apps: gunicorn and uvicorn drain in-flight requests on SIGTERM themselves', async () => {
    const files = {
      'api/main.py': py('import uvicorn', 'from fastapi import FastAPI', 'app = FastAPI()', 'if __name__ == "__main__":', '    uvicorn.run(app, host="0.0.0.0", port=8000)'),
      'web/app.py': py('from flask import Flask', 'app = Flask(__name__)', 'app.run()'),
      'proj/settings.py': py('INSTALLED_APPS = []', 'MIDDLEWARE = []'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
