import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/python-unbuffered-missing';

async function flagged(dockerfile: string, extra: Files = {}): Promise<string[]> {
  const found = await findingsOf(RULE, { Dockerfile: dockerfile, ...extra });
  return found.map((f) => `${f.range.start.line + 1} ${dockerfile.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe(RULE, () => {
  it('flags Python images without PYTHONUNBUFFERED, on the final FROM image', async () => {
    assert.deepEqual(await flagged('FROM python:3.12-slim\nWORKDIR /app\nCMD ["gunicorn", "app:app"]\n'), ['1 python:3.12-slim']);
    assert.deepEqual(await flagged('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3\nCMD ["python3", "x.py"]\n'), ['1 debian:bookworm-slim']);
    assert.deepEqual(await flagged('FROM python:3.12 AS build\nRUN pip wheel -w /w .\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=build /w /w\nCMD ["app.py"]\n'), ['3 gcr.io/distroless/python3-debian12']);
  });

  it('passes when the variable is set (any non-empty value) or python -u runs', async () => {
    assert.deepEqual(await flagged('FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nCMD ["python", "app.py"]\n'), []);
    assert.deepEqual(await flagged('FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=0\nFROM base\nCMD ["python", "app.py"]\n'), []);
    assert.deepEqual(await flagged('FROM python:3.12-slim\nCMD ["python", "-u", "app.py"]\n'), []);
    assert.deepEqual(await flagged('FROM python:3.12-slim\nCMD python3 -uB worker.py\n'), []);
  });

  it('does not count an ARG or a -u given to the script', async () => {
    assert.deepEqual(await flagged('FROM python:3.12-slim\nARG PYTHONUNBUFFERED=1\nCMD ["python", "app.py", "-u"]\n'), ['1 python:3.12-slim']);
  });

  it('ignores non-Python images, builder stages and unknown bases', async () => {
    assert.deepEqual(await flagged('FROM python:3.12 AS build\nRUN pip wheel .\nFROM node:20-slim\nCMD ["node", "server.js"]\n'), []);
    assert.deepEqual(await flagged('FROM registry.example.com/python-base:3\nCMD ["python", "app.py"]\n'), []);
    // Python as a build tool (node-gyp) does not make a Node image a Python image.
    assert.deepEqual(await flagged('FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends python3 make g++\nCOPY . .\nCMD ["node", "dist/index.js"]\n'), []);
    assert.deepEqual(await flagged('FROM node:20\nCOPY . .\n'), []);
  });

  it('fix adds ENV after the FROM and the ARG/ENV lines below it (CRLF kept)', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM python:3.12-slim\r\nARG APP_ENV=prod\r\nENV A=1 \\\r\n    B=2\r\nWORKDIR /app\r\nCMD ["gunicorn", "app:app"]\r\n' });
    assert.equal(fixed.Dockerfile, 'FROM python:3.12-slim\r\nARG APP_ENV=prod\r\nENV A=1 \\\r\n    B=2\r\nENV PYTHONUNBUFFERED=1\r\nWORKDIR /app\r\nCMD ["gunicorn", "app:app"]\r\n');
  });

  it('fix works on a file without a final newline', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM python:3.12-slim' });
    assert.equal(fixed.Dockerfile, 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1');
  });
});
