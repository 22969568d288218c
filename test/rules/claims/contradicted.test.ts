import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimRecord } from '../../../server/src/core/claims';
import { analyze } from '../../../server/src/engine/analyze';
import { analyzeFiles, findingsOf, memoryWorkspace, type Files } from '../../helpers/workspace';

const RULE = 'claims/contradicted';

const SERVICE = (name: string, extra = '') => `  ${name}:\n    image: ghcr.io/acme/${name}:1.0.0\n${extra}`;
const HEALTH = '    healthcheck:\n      test: ["CMD", "/app/healthcheck"]\n';

function statusOf(claims: readonly ClaimRecord[], capability: string): string | undefined {
  return claims.find((c) => c.capability === capability)?.status;
}

describe('claims/contradicted', () => {
  const stack: Files = {
    'README.md': '# Shop\n\n## Production readiness\n\n- [x] Health checks on all services\n',
    'docker-compose.yml': `services:\n${SERVICE('api', HEALTH)}${SERVICE('worker')}${SERVICE('mailer')}`,
  };

  it('flags a universal claim the workspace refutes, naming the counter-evidence and linking to it', async () => {
    const [f] = await findingsOf(RULE, stack);
    assert.ok(f, 'a finding');
    assert.equal(f.file, 'README.md');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 35 } });
    assert.equal(
      f.message,
      'Claim "Health checks on all services" is contradicted: 2 of 3 services have no healthcheck (docker-compose.yml:6 `worker`, :8 `mailer`).',
    );
    assert.deepEqual(
      f.related.map((r) => `${r.file}:${r.range.start.line + 1} ${r.message}`),
      [
        'docker-compose.yml:6 `worker`: service has no healthcheck (compose/missing-healthcheck)',
        'docker-compose.yml:8 `mailer`: service has no healthcheck (compose/missing-healthcheck)',
      ],
    );
  });

  it('records the claim with its counter-evidence in the analysis claims', async () => {
    const result = await analyzeFiles(stack);
    assert.equal(result.claims.length, 1, 'both claims rules record it; the engine keeps one');
    const [c] = result.claims;
    assert.equal(c.status, 'contradicted');
    assert.equal(c.capability, 'healthchecks');
    assert.equal(c.text, 'Health checks on all services');
    assert.deepEqual(c.evidence.map((e) => `${e.file}:${e.range.start.line + 1}`), ['docker-compose.yml:6', 'docker-compose.yml:8']);
  });

  it('an existential claim holds while one target has it, and is contradicted when none does', async () => {
    const some = { ...stack, 'README.md': '## Operations\n\n- We have health checks\n' };
    assert.deepEqual(await findingsOf(RULE, some), []);
    const result = await analyzeFiles(some);
    assert.equal(statusOf(result.claims, 'healthchecks'), 'supported');
    assert.match(result.claims[0].summary, /^verified: docker-compose\.yml:4 \(not everywhere: 2 of 3 services have no healthcheck/);

    const none = { ...some, 'docker-compose.yml': `services:\n${SERVICE('worker')}${SERVICE('mailer')}` };
    assert.equal((await findingsOf(RULE, none)).length, 1);
  });

  it('reads a bare per-target practice as "all of ours": one single-stage image contradicts "Docker multi-stage builds"', async () => {
    const files: Files = {
      'README.md': '- [x] Docker multi-stage builds\n',
      'api/Dockerfile': 'FROM python:3.12 AS build\nRUN pip wheel -w /wheels fastapi\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nCMD ["python"]\n',
      'worker/Dockerfile': 'FROM node:20\nRUN npm ci\nCMD ["node", "index.js"]\n',
    };
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /1 image is a single-stage build \(worker\/Dockerfile:1 `node:20`\)/);
    // Only the worker is single-stage: with "some", the claim holds.
    const some = { ...files, 'README.md': '- [x] Multi-stage builds for some images\n' };
    assert.deepEqual(await findingsOf(RULE, some), []);
  });

  it('invariants are contradicted by any failure, whatever the wording', async () => {
    const files: Files = {
      'README.md': '## Security\n\n- Secrets via env variables\n',
      'docker-compose.yml': 'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: hunter2-prod\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    environment:\n      STRIPE_API_KEY: ${STRIPE_API_KEY}\n',
    };
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /1 of 2 compose values holds a literal credential \(docker-compose\.yml:5\)/);
    assert.ok(!f.message.includes('hunter2'), 'never quotes a secret');
    assert.ok(f.related.every((r) => !r.message.includes('hunter2')));
  });

  it('does not count development files as evidence', async () => {
    const files: Files = {
      'README.md': '- [x] Secrets via environment variables\n',
      'docker-compose.dev.yml': 'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: dev\n',
      'docker-compose.yml': 'services:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    environment:\n      API_TOKEN: ${API_TOKEN}\n',
    };
    assert.deepEqual(await findingsOf(RULE, files), []);
    assert.equal(statusOf((await analyzeFiles(files)).claims, 'secrets-env'), 'supported');
  });

  it('a security scan that cannot fail the build does not back "security scanning"', async () => {
    const wf = (run: string) => `name: CI\non: [push]\npermissions: {contents: read}\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - run: ${run}\n`;
    const files: Files = { 'README.md': '- [x] CI/CD with security scanning\n', 'requirements.txt': 'fastapi==0.111.0\n', '.github/workflows/ci.yml': wf('pip-audit || true') };
    const result = await analyzeFiles(files);
    assert.equal(statusOf(result.claims, 'ci-cd'), 'supported');
    assert.equal(statusOf(result.claims, 'security-scanning'), 'contradicted');
    const [f] = result.findings.filter((x) => x.rule === RULE);
    assert.match(f.message, /^Claim "CI\/CD with security scanning" \(security scanning\) is contradicted: 1 security scan cannot fail the build \(\.github\/workflows\/ci\.yml:9 `pip-audit: \|\| true`\)\.$/);
    const fixed = await analyzeFiles({ ...files, '.github/workflows/ci.yml': wf('pip-audit') });
    assert.equal(statusOf(fixed.claims, 'security-scanning'), 'supported');
    assert.deepEqual(fixed.claims.find((c) => c.capability === 'security-scanning')!.evidence.map((e) => `${e.file}:${e.range.start.line + 1}`), ['.github/workflows/ci.yml:9']);
  });

  it('"with Redis" is refuted by an in-memory limiter; a plain "rate limiting" claim is not', async () => {
    const app = 'from fastapi import FastAPI\nfrom slowapi import Limiter\nfrom slowapi.util import get_remote_address\n\nlimiter = Limiter(key_func=get_remote_address)\napp = FastAPI()\napp.state.limiter = limiter\n';
    const files: Files = {
      'api/app.py': app,
      'api/requirements.txt': 'fastapi==0.111.0\nslowapi==0.1.9\n',
      'api/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nCMD ["gunicorn", "-w", "4", "-k", "uvicorn.workers.UvicornWorker", "app:app"]\n',
    };
    const plain = await analyzeFiles({ ...files, 'README.md': '- [x] Rate limiting\n' });
    const redis = await analyzeFiles({ ...files, 'README.md': '- [x] Rate limiting with Redis\n' });
    const inMemory = redis.findings.some((f) => f.rule === 'code/rate-limit-in-memory');
    assert.equal(statusOf(plain.claims, 'rate-limiting'), 'supported');
    assert.ok(inMemory, 'code/rate-limit-in-memory sees the slowapi limiter shared by 4 gunicorn workers');
    assert.equal(statusOf(redis.claims, 'rate-limiting'), 'contradicted');
  });

  it('a document speaks for its directory: services/api/README.md is not refuted by services/web', async () => {
    const files: Files = {
      'services/api/README.md': '- [x] Non-root user\n',
      'services/api/Dockerfile': 'FROM python:3.12-slim\nRUN useradd app\nUSER app\nCMD ["python"]\n',
      'services/web/Dockerfile': 'FROM node:20-slim\nCMD ["node"]\n',
      'README.md': '- [x] Non-root user\n',
    };
    const result = await analyzeFiles(files);
    const byFile = Object.fromEntries(result.claims.map((c) => [c.file, c.status]));
    assert.deepEqual(byFile, { 'README.md': 'contradicted', 'services/api/README.md': 'supported' });
    const api = result.claims.find((c) => c.file === 'services/api/README.md')!;
    assert.deepEqual(api.evidence.map((e) => `${e.file}:${e.range.start.line + 1} ${e.message}`), ['services/api/Dockerfile:3 runs as `app`']);
  });

  it("a subdirectory document inherits the repository's CI, not another subdirectory's", async () => {
    const wf = (run: string) => `on: [push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;
    const files: Files = {
      'services/api/README.md': '- [x] Security scanning\n',
      'services/api/requirements.txt': 'fastapi==0.111.0\n',
      '.github/workflows/ci.yml': wf('pip-audit -r services/api/requirements.txt'),
      'fixtures/other/.github/workflows/ci.yml': wf('trivy fs . || true'),
    };
    const [c] = (await analyzeFiles(files)).claims;
    assert.equal(c.status, 'supported');
    assert.deepEqual(c.evidence.map((e) => e.file), ['.github/workflows/ci.yml']);
  });

  it('suppressed failures are no evidence either way', async () => {
    const files: Files = {
      'README.md': '- [x] Restart policies\n',
      'docker-compose.yml': 'services:\n  # readiness-ignore compose/missing-restart-policy -- supervised by systemd\n  api:\n    image: ghcr.io/acme/api:1.0.0\n',
    };
    const result = await analyzeFiles(files);
    assert.equal(statusOf(result.claims, 'restart-policies'), 'unverified');
  });

  it('can be suppressed on the claim with an HTML comment', async () => {
    const files = { ...stack, 'README.md': '<!-- readiness-ignore claims/contradicted -- tracked in OPS-12 -->\n- [x] Health checks on all services\n' };
    assert.deepEqual(await findingsOf(RULE, files), []);
  });

  it('in the editor, weighs the whole workspace when only the README is analysed', async () => {
    const result = await analyze(memoryWorkspace(stack), { onlyFiles: new Set(['README.md']) });
    assert.deepEqual(result.findings.map((f) => `${f.rule}@${f.file}`), ['claims/contradicted@README.md']);
    assert.equal(result.claims.length, 1);
    // Analysing only a compose file runs no claims rule at all.
    const compose = await analyze(memoryWorkspace(stack), { onlyFiles: new Set(['docker-compose.yml']) });
    assert.equal(compose.claims.length, 0);
    assert.ok(!compose.findings.some((f) => f.rule.startsWith('claims/')));
  });

  it('lists counter-evidence compactly: three places per problem, then a count', async () => {
    const services = ['a', 'b', 'c', 'd', 'e'].map((n) => SERVICE(n)).join('');
    const [f] = await findingsOf(RULE, { 'README.md': '- [x] Health checks on all services\n', 'docker-compose.yml': `services:\n${services}` });
    assert.match(f.message, /5 services have no healthcheck \(docker-compose\.yml:2 `a`, :4 `b`, :6 `c`, \+2 more\)/);
    assert.equal(f.related.length, 5);
  });
});
