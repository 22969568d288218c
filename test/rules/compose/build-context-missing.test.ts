import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { lines, spots } from './_util';

const RULE = 'compose/build-context-missing';

describe(RULE, () => {
  it('flags a missing context directory and a missing Dockerfile, relative to the compose file', async () => {
    const files = {
      'deploy/docker-compose.yml': lines(
        'services:',
        '  api:',
        '    build: ../services/api',
        '  web:',
        '    build:',
        '      context: ../web',
        '      dockerfile: docker/Dockerfile.prod',
        '  worker:',
        '    build:',
        '      context: ../worker',
      ),
      'web/package.json': '{}',
      'web/docker/Dockerfile': 'FROM node:20-slim\n',
      'worker/main.py': '',
    };
    assert.deepEqual(await spots(RULE, files), ['deploy/docker-compose.yml:3:11', 'deploy/docker-compose.yml:7:18', 'deploy/docker-compose.yml:10:15']);
    const msgs = (await findingsOf(RULE, files)).map((f) => f.message);
    assert.match(msgs[0], /`services\/api\/` does not exist/);
    assert.match(msgs[1], /`web\/docker\/Dockerfile.prod`/);
    assert.match(msgs[2], /`worker\/Dockerfile` \(the default Dockerfile/);
  });

  it('accepts existing paths, remote and variable contexts, inline Dockerfiles and a lower-case dockerfile', async () => {
    const files = {
      'compose.yaml': lines(
        'services:',
        '  api:',
        '    build: .',
        '  docs:',
        '    build: https://github.com/acme/docs.git#main',
        '  ssh:',
        '    build: git@github.com:acme/tool.git',
        '  custom:',
        '    build:',
        '      context: ${CONTEXT_DIR}',
        '  inline:',
        '    build:',
        '      context: .',
        '      dockerfile_inline: |',
        '        FROM alpine:3.20',
        '  legacy:',
        '    build: ./legacy',
      ),
      Dockerfile: 'FROM python:3.12-slim\n',
      'legacy/dockerfile': 'FROM alpine:3.20\n',
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
