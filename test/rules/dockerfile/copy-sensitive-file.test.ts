import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sensitiveReason } from '../../../rules/dockerfile/copy-sensitive-file';
import { findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/copy-sensitive-file';

async function spots(files: Files | string): Promise<string[]> {
  const f = typeof files === 'string' ? { Dockerfile: files } : files;
  return (await findingsOf(RULE, f)).map((x) => `${x.file}:${x.range.start.line + 1}:${x.range.start.character}-${x.range.end.character}`);
}

describe(RULE, () => {
  it('flags credential files on the source word', async () => {
    const text = [
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json .npmrc ./',
      'COPY .env.production ./.env',
      'ADD --chown=node:node id_rsa /home/node/.ssh/id_rsa',
      'COPY ["config/credentials.json", "/app/config/"]',
      'COPY .git /app/.git',
      'COPY *.pem /etc/tls/',
      '',
    ].join('\n');
    assert.deepEqual(await spots(text), [
      'Dockerfile:3:36-42',
      'Dockerfile:4:5-20',
      'Dockerfile:5:22-28',
      'Dockerfile:6:6-31',
      'Dockerfile:7:5-9',
      'Dockerfile:8:5-10',
    ]);
  });

  it('flags secrets copied from another stage and in ONBUILD', async () => {
    const text = 'FROM alpine:3.20 AS certs\nRUN true\nFROM alpine:3.20\nCOPY --from=certs /etc/letsencrypt/live/site/privkey.pem /tls/\nONBUILD COPY .env /app/\n';
    assert.deepEqual(await spots(text), ['Dockerfile:4:18-56', 'Dockerfile:5:13-17']);
  });

  it('only flags build-stage copies that reach the final image', async () => {
    const deps = 'FROM node:20-alpine AS deps\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci\n';
    // Only node_modules leaves the stage: the token is discarded with it.
    assert.deepEqual(await spots(deps + 'FROM node:20-alpine\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY . .\n'), []);
    // The whole /app (with .npmrc) is copied into the image.
    assert.deepEqual(await spots(deps + 'FROM node:20-alpine\nCOPY --from=deps /app /app\n'), ['Dockerfile:3:36-42']);
    // A stage the final one is built FROM ships everything.
    assert.deepEqual(await spots(deps + 'FROM deps\nCMD ["node", "s.js"]\n'), ['Dockerfile:3:36-42']);
  });

  it('does not flag examples, certificates, public keys, lookalikes or URLs', async () => {
    const text = [
      'FROM python:3.12-slim',
      'COPY .env.example .env.sample .env.template ./',
      'COPY certs/rds-combined-ca-bundle.pem /etc/ssl/certs/',
      'COPY fullchain.pem cert.pem /etc/nginx/tls/',
      'COPY certs/*.pem /usr/local/share/ca-certificates/',
      'COPY nodesource.gpg.key id_rsa.pub /tmp/',
      'COPY .github .gitignore .gitattributes environment.yml /app/',
      'ADD https://example.com/keys/server.key /tmp/',
      'COPY . .',
      'COPY <<EOF /app/.env',
      'LOG_LEVEL=info',
      'EOF',
      '',
    ].join('\n');
    assert.deepEqual(await spots(text), []);
  });

  it('skips sources the .dockerignore excludes (context-anchored patterns)', async () => {
    const dockerfile = 'FROM node:20-slim\nCOPY .env ./\nCOPY *.pem /tls/\nCOPY config/.env /app/config/\n';
    assert.deepEqual(await spots({ 'api/Dockerfile': dockerfile, 'api/.dockerignore': '# local\n.env\n*.pem\n' }), ['api/Dockerfile:4:5-16']);
    assert.deepEqual(await spots({ 'api/Dockerfile': dockerfile, 'api/.dockerignore': '**/.env*\n!config/.env\n' }), ['api/Dockerfile:3:5-10', 'api/Dockerfile:4:5-16']);
    // A per-Dockerfile ignore file takes precedence.
    assert.deepEqual(await spots({ 'api/Dockerfile': dockerfile, 'api/Dockerfile.dockerignore': '*\n', 'api/.dockerignore': '' }), []);
  });

  it('handles # escape=` with Windows paths and CRLF', async () => {
    const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCOPY secrets\\id_ed25519 C:\\Users\\app\\.ssh\\\r\n';
    assert.deepEqual(await spots(text), ['Dockerfile:3:5-23']);
  });
});

describe('sensitiveReason', () => {
  it('classifies paths', () => {
    for (const p of ['.env', './.env.local', '.envrc', 'deploy/.env.prod', 'server.key', 'tls/privkey.pem', 'server-key.pem', 'id_ed25519', 'keystore.p12', '.pypirc', '.netrc', '.docker/config.json', 'service-account.json', 'home/.aws/credentials', '.ssh/', 'repo/.git/config']) {
      assert.ok(sensitiveReason(p), p);
    }
    for (const p of ['.env.example', 'env.py', 'src/environment.ts', 'ca.pem', 'certs/', 'id_rsa.pub', 'apt.key', '.gitkeep', 'credentials.py', 'docker/config.json', 'keys.txt']) {
      assert.equal(sensitiveReason(p), undefined, p);
    }
  });
});
