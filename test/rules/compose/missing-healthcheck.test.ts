import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/missing-healthcheck';

describe(RULE, () => {
  it('flags long-running services with no compose healthcheck and no image HEALTHCHECK', async () => {
    const files = {
      'compose.yaml': lines(
        'services:',
        '  api:',
        '    build: ./api',
        '  web:',
        '    build: ./web',
        '  db:',
        '    image: postgres:16',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "pg_isready"]',
        '  cache:',
        '    image: redis:7.2',
        '    healthcheck:',
        '      disable: true',
        '  migrate:',
        '    build: ./api',
        '    command: ["alembic", "upgrade", "head"]',
        '  queue:',
        '    image: rabbitmq:3.13-management',
      ),
      'api/Dockerfile': 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
      'web/Dockerfile': 'FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n',
    };
    assert.deepEqual(await spots(RULE, files), ['compose.yaml:2:2', 'compose.yaml:17:2']);
    const [api] = await findingsOf(RULE, files);
    assert.match(api.message, /`api` has no healthcheck, and api\/Dockerfile defines no HEALTHCHECK/);
    assert.deepEqual(api.related.map((r) => r.file), ['api/Dockerfile']);
  });

  it('is satisfied by an overlay production file and skipped on development files', async () => {
    const files = {
      'docker-compose.yml': lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2'),
      'docker-compose.prod.yml': lines('services:', '  api:', '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]'),
      'docker-compose.dev.yml': lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('adds the idiomatic healthcheck of well-known images', async () => {
    const cases: [string, string][] = [
      ['postgres:16', '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]'],
      ['redis:7.2', '["CMD", "redis-cli", "ping"]'],
      ['mysql:8.4', '["CMD", "mysqladmin", "ping", "-h", "localhost"]'],
      ['mariadb:11.4', '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]'],
      ['mongo:7.0', '["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand(\'ping\')"]'],
      ['mongo:4.4', '["CMD", "mongo", "--quiet", "--eval", "db.adminCommand(\'ping\')"]'],
    ];
    for (const [image, test] of cases) {
      const compose = lines('services:', '  db:', `    image: ${image}`, '    restart: always');
      const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
      assert.equal(fixed['compose.yaml'], compose + `    healthcheck:\n      test: ${test}\n      interval: 10s\n      timeout: 5s\n      retries: 5\n`, image);
    }
    const auth = lines('services:', '  cache:', '    image: redis:7.2', '    command: redis-server --requirepass ${REDIS_PASSWORD}');
    assert.match((await checkYamlFix(RULE, { 'compose.yaml': auth }))['compose.yaml'], /redis-cli ping \| grep -qE 'PONG\|NOAUTH'/);
  });

  it('probes the exposed port of a built service with a program its image has, or offers nothing', async () => {
    const compose = lines('services:', '  api:', '    build: ./api', '    ports:', '      - "8080:8000"');
    const py = { 'compose.yaml': compose, 'api/Dockerfile': 'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["python", "-m", "app"]\n' };
    const fixed = await checkYamlFix(RULE, py);
    assert.match(fixed["compose.yaml"], /test: \["CMD-SHELL", "python3 -c \\"import urllib.request; urllib.request.urlopen\(.http:\/\/localhost:8000\/health., timeout=3\)\\""\]/);
    const alpine = { 'compose.yaml': compose, 'api/Dockerfile': 'FROM node:20-alpine\nCMD ["node", "server.js"]\n' };
    assert.match((await checkYamlFix(RULE, alpine))['compose.yaml'], /test: \["CMD-SHELL", "wget -q -O \/dev\/null http:\/\/localhost:8000\/health \|\| exit 1"\]/);
    const slim = { 'compose.yaml': compose, 'api/Dockerfile': 'FROM node:20-slim\nCMD ["node", "server.js"]\n' };
    const [slimFinding] = await findingsOf(RULE, slim);
    assert.deepEqual(slimFinding.fixes.map((x) => x.title), ['Add a healthcheck probing http://localhost:8000/health with node']);
    await checkYamlFix(RULE, slim);
    const go = { 'compose.yaml': compose, 'api/Dockerfile': 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n' };
    const [f] = await findingsOf(RULE, go);
    assert.deepEqual(f.fixes.map((x) => x.title), []);
  });
});
