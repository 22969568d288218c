import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { lines, spots } from './_util';

const RULE = 'compose/unpinned-image';

describe(RULE, () => {
  it('flags missing and latest tags, including a latest fallback, on the image value', async () => {
    const compose = lines(
      'services:',
      '  cache:',
      '    image: redis',
      '  proxy:',
      '    image: "traefik:latest"',
      '  api:',
      '    image: ghcr.io/acme/api:${API_TAG:-latest}',
      '  registry:',
      '    image: localhost:5000/tools/backup',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:3:11', 'compose.yaml:5:11', 'compose.yaml:7:11', 'compose.yaml:9:11']);
    const msgs = (await findingsOf(RULE, { 'compose.yaml': compose })).map((f) => f.message);
    assert.match(msgs[0], /`redis` with no tag/);
    assert.match(msgs[2], /falls back to `ghcr.io\/acme\/api:latest`/);
  });

  it('accepts tags, digests, deploy-time variables and images named for a build', async () => {
    const compose = lines(
      'services:',
      '  db:',
      '    image: postgres:16.3-alpine',
      '  cache:',
      '    image: redis@sha256:3e1ad3fb0c4e8a1f59a3c8f0a7e5c2b5b8a0e2cde7d43e7c0c0e5b2cd0a9f1e2',
      '  api:',
      '    image: ghcr.io/acme/api:${API_TAG}',
      '  web:',
      '    image: ${WEB_IMAGE:?set WEB_IMAGE}',
      '  worker:',
      '    build: ./worker',
      '    image: acme/worker',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose, 'worker/Dockerfile': 'FROM python:3.12-slim\n' }), []);
  });

  it('is production only', async () => {
    assert.deepEqual(await spots(RULE, { 'docker-compose.override.yml': lines('services:', '  db:', '    image: postgres') }), []);
  });
});
