import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/build-tools-in-final-image';

describe(RULE, () => {
  it('flags a single-stage image that keeps compilers and headers, on the first package', async () => {
    const df = [
      'FROM python:3.12-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev git=1:2.39.* curl \\',
      ' && rm -rf /var/lib/apt/lists/*',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'CMD ["gunicorn", "app:app"]',
    ].join('\n');
    const found = await findingsOf(RULE, { Dockerfile: df });
    assert.equal(found.length, 1);
    assert.deepEqual([found[0].range.start.line, found[0].range.start.character, found[0].range.end.character], [1, 65, 68]);
    assert.match(found[0].message, /\(gcc, libpq-dev, git\)/);
  });

  it('follows the stage chain of the final image', async () => {
    const df = 'FROM node:20-alpine AS base\nRUN apk add --no-cache build-base python3\nFROM base\nCMD ["node", "server.js"]\n';
    const [f] = await findingsOf(RULE, { Dockerfile: df });
    assert.equal(f.range.start.line, 1);
  });

  it('passes removals in the same RUN and multi-stage builds', async () => {
    const files = {
      'a/Dockerfile': 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk del .build-deps\n',
      'b/Dockerfile': 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential python3-dev && pip install --no-cache-dir x \\\n && apt-get purge -y --auto-remove build-essential python3-dev && rm -rf /var/lib/apt/lists/*\n',
      'c/Dockerfile': 'FROM golang:1.22 AS build\nRUN apt-get update && apt-get install -y gcc libsqlite3-dev\nRUN go build -o /app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      'd/Dockerfile': 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*\nCMD ["make", "serve"]\n',
      // The docker-library idiom: everything installed after `apt-mark auto` is purged at the end.
      'e/Dockerfile': [
        'FROM python:3.12-slim',
        'RUN set -eux; \\',
        '\tsavedAptMark="$(apt-mark showmanual)"; \\',
        '\tapt-get update; \\',
        '\tapt-get install -y --no-install-recommends gcc libc6-dev libpq-dev; \\',
        '\tpip install --no-cache-dir psycopg2; \\',
        "\tapt-mark auto '.*' > /dev/null; \\",
        '\t[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\',
        '\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\',
        '\trm -rf /var/lib/apt/lists/*',
      ].join('\n'),
    };
    assert.deepEqual(await findingsOf(RULE, files), []);
  });

  it('skips development Dockerfiles and dev stages', async () => {
    const df = 'FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n';
    assert.deepEqual(await findingsOf(RULE, { 'Dockerfile.dev': df }), []);
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: 'FROM python:3.12 AS dev\nRUN apt-get update && apt-get install -y gcc\n' }), []);
  });
});
