import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVIDENCE_RULES, CAPABILITIES } from '../../../rules/claims/_capabilities';
import { CAPABILITY_WORDS } from '../../../server/src/parsers/markdown/dictionary';
import { allRules } from '../../../server/src/engine/registry';
import { analyzeFiles, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'claims/unverified';
const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "app"]\n';

describe('claims/unverified', () => {
  it('flags a known capability with no evidence either way (restart policies without any compose file)', async () => {
    const files: Files = { 'README.md': '## Production readiness\n\n- Restart policies\n', Dockerfile: DOCKERFILE };
    const [f] = await findingsOf(RULE, files);
    assert.equal(f.severity, 'info');
    assert.equal(f.message, 'Claim "Restart policies" cannot be checked: nothing in the workspace shows it or contradicts it.');
    assert.deepEqual(f.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 18 } });
    const { claims } = await analyzeFiles(files);
    assert.deepEqual(claims.map((c) => [c.capability, c.status, c.evidence.length]), [['restart-policies', 'unverified', 0]]);
    assert.deepEqual(await findingsOf('claims/contradicted', files), []);
  });

  it('does not flag supported or contradicted claims', async () => {
    const compose = (restart: string) => `services:\n  api:\n    image: ghcr.io/acme/api:1.0.0\n${restart}`;
    const files: Files = { 'README.md': '- [x] Restart policies\n', 'docker-compose.yml': compose('    restart: unless-stopped\n') };
    assert.deepEqual(await findingsOf(RULE, files), []);
    const supported = (await analyzeFiles(files)).claims[0];
    assert.equal(supported.status, 'supported');
    assert.deepEqual(supported.evidence.map((e) => `${e.file}:${e.range.start.line + 1} ${e.message}`), ['docker-compose.yml:4 `api`: has a restart policy']);
    assert.equal(supported.summary, 'verified: docker-compose.yml:4');
    assert.deepEqual(await findingsOf(RULE, { ...files, 'docker-compose.yml': compose('') }), []);
  });

  it('a TLS claim is supported by an nginx that terminates TLS, and unverified without one', async () => {
    const nginx = 'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/cert.pem;\n  }\n}\n';
    const readme = '- [x] HTTPS everywhere\n';
    assert.equal((await analyzeFiles({ 'README.md': readme, 'deploy/nginx.conf': nginx })).claims[0].status, 'supported');
    assert.equal((await findingsOf(RULE, { 'README.md': readme, Dockerfile: DOCKERFILE })).length, 1);
  });

  it('pre-commit: configuration supports the claim, its absence in a project contradicts it', async () => {
    const readme = '- [x] Pre-commit hooks\n';
    const withHooks = await analyzeFiles({ 'README.md': readme, '.pre-commit-config.yaml': 'repos: []\n', Dockerfile: DOCKERFILE });
    assert.equal(withHooks.claims[0].status, 'supported');
    const without = await analyzeFiles({ 'README.md': readme, Dockerfile: DOCKERFILE });
    assert.equal(without.claims[0].status, 'contradicted');
    assert.match(without.findings.find((f) => f.rule === 'claims/contradicted')!.message, /1 repository has no pre-commit configuration/);
    // A lone README is not a project: nothing to hook, nothing to say.
    assert.equal((await analyzeFiles({ 'README.md': readme })).claims[0].status, 'unverified');
  });

  it('an unrecognised item is no claim at all', async () => {
    const result = await analyzeFiles({ 'README.md': '- [x] Use FastAPI\n- [x] Kubernetes\n', Dockerfile: DOCKERFILE });
    assert.deepEqual(result.claims, []);
  });
});

describe('capability table', () => {
  it('every evidence rule exists (code/* ones may be absent from a build) and every capability has a dictionary entry', () => {
    const ids = new Set(allRules().map((r) => r.id));
    assert.deepEqual(EVIDENCE_RULES.filter((id) => !ids.has(id) && !id.startsWith('code/')), []);
    const words = new Set(CAPABILITY_WORDS.map((c) => c.id));
    assert.deepEqual(CAPABILITIES.map((c) => c.id).filter((id) => !words.has(id)), []);
    assert.deepEqual([...words].filter((id) => !CAPABILITIES.some((c) => c.id === id)), []);
  });

  it('the claims rules read every evidence rule through meta.uses', () => {
    for (const id of ['claims/contradicted', 'claims/unverified']) {
      const rule = allRules().find((r) => r.id === id)!;
      assert.deepEqual([...(rule.meta.uses ?? [])].sort(), [...EVIDENCE_RULES]);
      assert.equal(rule.meta.scope, 'file');
      assert.deepEqual(rule.meta.kinds, ['markdown']);
    }
  });
});
