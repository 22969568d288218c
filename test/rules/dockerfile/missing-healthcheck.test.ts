import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/missing-healthcheck';

async function spots(files: Files | string): Promise<string[]> {
  const f = typeof files === 'string' ? { Dockerfile: files } : files;
  return (await findingsOf(RULE, f)).map((x) => `${x.file}:${x.range.start.line + 1}:${x.range.start.character}-${x.range.end.character}`);
}

describe(RULE, () => {
  it('flags a final stage without HEALTHCHECK on its image reference', async () => {
    const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n';
    const found = await findingsOf(RULE, { Dockerfile: text });
    assert.deepEqual(found.map((f) => f.range.start.line), [2]);
    assert.equal(found[0].severity, 'info');
    // Distroless has no probe binary: no fix rather than a broken one.
    assert.deepEqual(found[0].fixes, []);
  });

  it('accepts HEALTHCHECK anywhere in the chain, and HEALTHCHECK NONE', async () => {
    assert.deepEqual(await spots('FROM node:20-slim AS base\nHEALTHCHECK CMD node -e "1"\nFROM base\nCOPY . .\nCMD ["node", "s.js"]\n'), []);
    assert.deepEqual(await spots('FROM node:20-slim\nCOPY . .\nHEALTHCHECK NONE\nCMD ["node", "s.js"]\n'), []);
  });

  it('ignores build stages, dev stages and files, and base images', async () => {
    assert.deepEqual(await spots('FROM node:20-slim AS build\nRUN npm ci\nFROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCOPY --from=build /app/dist /usr/share/nginx/html\n'), []);
    assert.deepEqual(await spots({ 'docker/Dockerfile.local': 'FROM node:20\nCOPY . .\nCMD ["npm", "run", "dev"]\n' }), []);
    assert.deepEqual(await spots('FROM node:20-slim AS prod\nCOPY . .\nHEALTHCHECK NONE\nFROM prod AS debug\nCMD ["node", "--inspect", "s.js"]\n'), []);
    assert.deepEqual(await spots('FROM python:3.12-slim\nRUN pip install --no-cache-dir uv==0.4.0\n'), []);
  });

  it('fix: curl on full images, before the CMD, on the EXPOSEd port', async () => {
    const text = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nEXPOSE 8000/tcp\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(
      fixed.Dockerfile,
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nEXPOSE 8000/tcp\nHEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8000/health || exit 1\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app.wsgi"]\n',
    );
  });

  it('fix: wget on Alpine, python3 on slim, node on node-slim, curl when a RUN installs it', async () => {
    let r = await checkFix(RULE, { Dockerfile: 'FROM alpine:3.20\nCOPY app /app\nEXPOSE 9000\nENTRYPOINT ["/app"]\n' });
    assert.match(r.fixed.Dockerfile, /CMD wget -q -O \/dev\/null http:\/\/localhost:9000\/health \|\| exit 1\nENTRYPOINT/);
    r = await checkFix(RULE, { Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nEXPOSE 8000\n' });
    assert.match(r.fixed.Dockerfile, /EXPOSE 8000\nHEALTHCHECK .* CMD python3 -c "import urllib\.request; urllib\.request\.urlopen\('http:\/\/localhost:8000\/health', timeout=3\)"\n$/);
    r = await checkFix(RULE, { Dockerfile: 'FROM node:20-slim\nCOPY . .\nEXPOSE 3000\nCMD ["node", "s.js"]' });
    assert.match(r.fixed.Dockerfile, /CMD node -e "fetch\('http:\/\/localhost:3000\/health'\)/);
    r = await checkFix(RULE, { Dockerfile: 'FROM node:16-slim\nCOPY . .\nEXPOSE 3000\nCMD ["node", "s.js"]' });
    assert.match(r.fixed.Dockerfile, /CMD node -e "require\('http'\)\.get/);
    r = await checkFix(RULE, { Dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nEXPOSE 8080\nCMD ["/app"]\n' });
    assert.match(r.fixed.Dockerfile, /CMD curl -fsS http:\/\/localhost:8080\/health/);
  });

  it('offers no fix without an exposed port', async () => {
    const found = await findingsOf(RULE, { Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nCMD ["celery", "-A", "worker", "worker"]\n' });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].fixes, []);
  });

  it('passes when a compose service built from the image defines or disables healthcheck:', async () => {
    const api = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD ["uvicorn", "app:app"]\n';
    const defined = 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"]\n';
    assert.deepEqual(await spots({ 'api/Dockerfile': api, 'compose.yaml': defined }), []);
    const disabled = 'services:\n  api:\n    build: ./api\n    healthcheck:\n      disable: true\n';
    assert.deepEqual(await spots({ 'api/Dockerfile': api, 'compose.yaml': disabled }), []);
    const none = 'services:\n  api:\n    build: ./api\n';
    assert.deepEqual(await spots({ 'api/Dockerfile': api, 'compose.yaml': none }), ['api/Dockerfile:1:5-21']);
  });
});

