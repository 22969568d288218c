import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { lines, spots } from './_util';

const RULE = 'compose/healthcheck-tool-missing';

describe(RULE, () => {
  it('flags curl/wget in a healthcheck of an image that lacks them, on the program word', async () => {
    const files = {
      'docker-compose.dev.yml': lines(
        'services:',
        '  api:',
        '    build: ./api',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"]',
        '  worker:',
        '    build:',
        '      context: ./api',
        '    healthcheck:',
        '      test: ["CMD", "wget", "-qO-", "http://localhost:9000/"]',
        '  admin:',
        '    build: ./api',
        '    healthcheck:',
        '      test: curl -f http://localhost:8001/ping',
      ),
      'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "app"]\n',
    };
    assert.deepEqual(await spots(RULE, files), ['docker-compose.dev.yml:5:27', 'docker-compose.dev.yml:10:20', 'docker-compose.dev.yml:14:12']);
    const [f] = await findingsOf(RULE, files);
    assert.equal(f.message.split(':')[0], '`api` healthcheck calls curl, but python');
    assert.match(f.message, /python:3\.12-slim \(api\/Dockerfile\) has no curl/);
    assert.deepEqual(f.related.map((r) => `${r.file}:${r.range.start.line + 1}`), ['api/Dockerfile:1']);
  });

  it('flags CMD-SHELL on an image without a shell', async () => {
    const files = {
      'compose.yaml': lines('services:', '  api:', '    build: .', '    healthcheck:', '      test: ["CMD-SHELL", "/app -healthcheck"]'),
      Dockerfile: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    };
    const found = await findingsOf(RULE, files);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /CMD-SHELL, which runs \/bin\/sh/);
  });

  it('does not flag programs the image has, installs, or might have', async () => {
    const files = {
      'compose.yaml': lines(
        'services:',
        '  api:',
        '    build: ./api',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "curl -f http://localhost:8000/ || exit 1"]',
        '  web:',
        '    build: ./web',
        '    healthcheck:',
        '      test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]',
        '  py:',
        '    build: ./py',
        '    healthcheck:',
        '      test: ["CMD", "python", "-c", "import urllib.request as u; u.urlopen(\'http://localhost:8000/\')"]',
        '  custom:',
        '    build: ./custom',
        '    healthcheck:',
        '      test: ["CMD", "curl", "-f", "http://localhost/"]',
        '  pg:',
        '    image: postgres:16',
        '    healthcheck:',
        '      test: ["CMD", "curl", "-f", "http://localhost/"]',
      ),
      'api/Dockerfile': 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      'web/Dockerfile': 'FROM nginx:1.27-alpine\n',
      'py/Dockerfile': 'FROM python:3.12-slim\n',
      'custom/Dockerfile': 'FROM ghcr.io/acme/base:2.1\n',
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
