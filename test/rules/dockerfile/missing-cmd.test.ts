import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/missing-cmd';

async function spots(files: Files | string): Promise<string[]> {
  const f = typeof files === 'string' ? { Dockerfile: files } : files;
  return (await findingsOf(RULE, f)).map((x) => `${x.file}:${x.range.start.line + 1}:${x.range.start.character}-${x.range.end.character}`);
}

describe(RULE, () => {
  it('flags an application image on a REPL/shell base without CMD or ENTRYPOINT', async () => {
    const found = await findingsOf(RULE, { Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n' });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /python:3\.12-slim.*Python REPL/);
    assert.deepEqual(await spots('FROM ubuntu:24.04\nCOPY bin/app /usr/local/bin/app\n'), ['Dockerfile:1:5-17']);
    assert.deepEqual(await spots('FROM eclipse-temurin:21-jdk\nCOPY target/app.jar /app.jar\n'), ['Dockerfile:1:5-27']);
  });

  it('follows FROM <stage> chains (a CMD in the base stage counts) and resolves ARGs', async () => {
    assert.deepEqual(await spots('FROM node:20-slim AS base\nCMD ["node", "s.js"]\nFROM base\nCOPY . .\n'), []);
    assert.deepEqual(await spots('ARG PY=3.12\nFROM python:${PY}-slim AS base\nFROM base\nCOPY . .\n'), ['Dockerfile:3:5-9']);
  });

  it('does not flag service bases, unknown/minimal bases, or an ENTRYPOINT alone', async () => {
    const ok = [
      'FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\n',
      'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
      'FROM php:8.3-fpm\nCOPY . /var/www/html\n',
      'FROM ghcr.io/acme/runtime:1.4\nCOPY . /app\n',
      'FROM scratch\nCOPY app /app\n',
      'FROM gcr.io/distroless/python3-debian12\nCOPY . /app\n',
      'FROM python:3.12-slim\nCOPY . .\nENTRYPOINT ["python", "-m", "app"]\n',
      'ARG BASE\nFROM ${BASE}\nCOPY . .\n',
    ];
    for (const text of ok) assert.deepEqual(await spots(text), [], text);
  });

  it('does not flag base and tool images', async () => {
    assert.deepEqual(await spots('FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\n'), []);
    assert.deepEqual(await spots('FROM node:20-slim\nONBUILD COPY . /app\nONBUILD RUN npm ci\n'), []);
    assert.deepEqual(await spots({ 'docker/Dockerfile.base': 'FROM python:3.12-slim\nCOPY requirements.txt .\n' }), []);
    assert.deepEqual(await spots({ '.devcontainer/Dockerfile': 'FROM python:3.12\nCOPY requirements.txt /tmp/\n' }), []);
  });

  it('is production-only', async () => {
    assert.deepEqual(await spots({ 'Dockerfile.dev': 'FROM node:20\nCOPY . .\n' }), []);
    assert.deepEqual(await spots('FROM node:20-slim AS build\nCOPY . .\nFROM build AS test\nRUN npm test\n'), []);
  });

  it('still flags a build that brings code in with git clone', async () => {
    assert.deepEqual(await spots('FROM golang:1.22\nRUN git clone https://github.com/acme/tool /src && cd /src && go build -o /usr/local/bin/tool .\n'), ['Dockerfile:1:5-16']);
  });

  describe('with compose', () => {
    const worker = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n';

    it('passes when every service built from the image supplies command: or entrypoint:', async () => {
      const files = {
        'worker/Dockerfile': worker,
        'docker-compose.yml': 'services:\n  worker:\n    build: ./worker\n    command: ["node", "dist/index.js"]\n',
        'docker-compose.prod.yml': 'x-run: &run\n  entrypoint: ["node"]\nservices:\n  worker:\n    <<: *run\n    build:\n      context: worker\n',
      };
      assert.deepEqual(await spots(files), []);
    });

    it('flags when a production service relies on the missing CMD, with related information pointing at it', async () => {
      const files = {
        'worker/Dockerfile': worker,
        'docker-compose.dev.yml': 'services:\n  worker:\n    build: ./worker\n    command: npm run dev\n',
        'docker-compose.prod.yml': 'services:\n  worker:\n    build:\n      context: ./worker\n    deploy:\n      replicas: 2\n',
      };
      const found = await findingsOf(RULE, files);
      assert.equal(found.length, 1);
      assert.equal(found[0].file, 'worker/Dockerfile');
      assert.match(found[0].message, /`worker` builds it with no `command:`/);
      assert.deepEqual(found[0].related.map((r) => [r.file, r.range.start.line]), [['docker-compose.prod.yml', 1]]);
    });

    it('ignores services that build another stage', async () => {
      const files = {
        Dockerfile: 'FROM python:3.12-slim AS app\nCOPY . .\nCMD ["python", "-m", "app"]\nFROM app AS jobs\nCOPY jobs/ jobs/\n',
        'compose.yaml': 'services:\n  jobs:\n    build: { context: ., target: app }\n',
      };
      // `jobs` (the final stage) is not what the service runs, so the service says nothing about it.
      assert.deepEqual((await spots(files)).length, 0);
    });
  });
});

