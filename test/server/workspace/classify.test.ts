import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyPath } from '../../../server/src/workspace/classify';
import { environmentOfPath } from '../../../server/src/workspace/environment';

describe('classification', () => {
  const kinds: [string, string][] = [
    ['Dockerfile', 'dockerfile'],
    ['api/Dockerfile.prod', 'dockerfile'],
    ['worker.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Dockerfile.dockerignore', 'dockerignore'],
    ['docs/Dockerfile.md', 'markdown'],
    ['docker-compose.yml', 'compose'],
    ['deploy/compose.prod.yaml', 'compose'],
    ['.github/workflows/ci.yml', 'github-workflow'],
    ['.github/dependabot.yml', 'dependabot'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['package-lock.json', 'lockfile'],
    ['api/requirements-dev.txt', 'manifest'],
    ['.env.production', 'env'],
    ['app/main.py', 'python'],
    ['types.d.ts', 'other'],
    ['deploy/nginx/conf.d/site.conf', 'nginx'],
    ['.readiness.yaml', 'readiness-config'],
  ];
  for (const [path, kind] of kinds) it(`${path} is ${kind}`, () => assert.equal(classifyPath(path), kind));

  it('classifies development files by name tokens, not substrings', () => {
    const env = { production: [], development: [] };
    assert.equal(environmentOfPath('docker-compose.dev.yml', env), 'development');
    assert.equal(environmentOfPath('compose.override.yaml', env), 'development');
    assert.equal(environmentOfPath('Dockerfile.local', env), 'development');
    assert.equal(environmentOfPath('docker-compose.latest.yml', env), 'production');
    assert.equal(environmentOfPath('docker-compose.prod.yml', env), 'production');
    assert.equal(environmentOfPath('compose.yaml', env), 'production');
  });

  it('explicit environments win over the default patterns', () => {
    assert.equal(environmentOfPath('compose.dev.yml', { production: ['compose.dev.yml'], development: [] }), 'production');
    assert.equal(environmentOfPath('compose.yml', { production: [], development: ['compose.yml'] }), 'development');
  });
});
