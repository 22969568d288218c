import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/pip-cache-kept';

async function flagged(dockerfile: string): Promise<string[]> {
  const found = await findingsOf(RULE, { Dockerfile: dockerfile });
  const lines = dockerfile.split(/\r?\n/);
  return found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe(RULE, () => {
  it('flags pip installs in the final image that keep the cache', async () => {
    const df = [
      'FROM python:3.12 AS build',
      'RUN pip install -r requirements.txt',
      'FROM python:3.12-slim',
      'ARG PIP_NO_CACHE_DIR',
      'RUN pip install --upgrade pip',
      'RUN python -m pip install -r requirements.txt && pip cache purge',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn',
      'RUN PIP_NO_CACHE_DIR=1 pip3 install uvicorn',
      'RUN /opt/venv/bin/pip install --no-cache-dir flask',
      'RUN python3 -m pip install celery',
      'RUN pip install redis && rm -rf /root/.cache/pip',
      'ENV PIP_NO_CACHE_DIR=1',
      'RUN pip install sqlalchemy',
    ].join('\n');
    assert.deepEqual(await flagged(df), ['5:9 install', '10:20 install']);
  });

  it('honours PIP_NO_CACHE_DIR set in a stage the final one is built from', async () => {
    const df = 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install flask\n';
    assert.deepEqual(await flagged(df), []);
  });

  it('ignores pip that only lists or downloads', async () => {
    assert.deepEqual(await flagged('FROM python:3.12-slim\nRUN pip freeze > /tmp/r.txt && pip download -d /wheels flask\n'), []);
  });

  it('fix adds --no-cache-dir after install', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM python:3.12-slim\nRUN python3 -m pip install -r requirements.txt\n' });
    assert.equal(fixed.Dockerfile, 'FROM python:3.12-slim\nRUN python3 -m pip install --no-cache-dir -r requirements.txt\n');
  });
});
