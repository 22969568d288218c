import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../helpers/workspace';
import { fixture } from './_util';

/** `rule file:line` of every ci/* and project/* finding (1-based lines; `-` for workspace findings). */
async function ours(name: string): Promise<string[]> {
  const result = await analyzeFiles(fixture(name));
  return result.findings.filter((f) => /^(ci|project)\//.test(f.rule)).map((f) => `${f.rule} ${f.file ?? '-'}${f.file ? `:${f.range.start.line + 1}` : ''}`);
}

describe('realistic CI projects', () => {
  for (const name of ['good-github', 'good-node', 'good-gitlab']) {
    it(`is silent on a well-run project (${name})`, async () => {
      assert.deepEqual(await ours(name), []);
    });
  }

  it('reports exactly the problems of a neglected GitHub project', async () => {
    assert.deepEqual((await ours('bad-github')).sort(), [
      'ci/checkout-persists-credentials .github/workflows/ci.yml:11',
      'ci/checkout-persists-credentials .github/workflows/ci.yml:32',
      'ci/checkout-persists-credentials .github/workflows/triage.yml:23',
      'ci/dangerous-trigger .github/workflows/triage.yml:25',
      'ci/hardcoded-secret .github/workflows/triage.yml:28',
      'ci/missing-concurrency .github/workflows/ci.yml:3',
      'ci/missing-permissions .github/workflows/ci.yml:25',
      'ci/missing-permissions .github/workflows/ci.yml:8',
      'ci/missing-timeout .github/workflows/ci.yml:25',
      'ci/missing-timeout .github/workflows/ci.yml:8',
      'ci/quality-gate-disabled .github/workflows/ci.yml:18',
      'ci/quality-gate-disabled .github/workflows/ci.yml:22',
      'ci/quality-gate-disabled .github/workflows/ci.yml:23',
      'ci/script-injection .github/workflows/triage.yml:17',
      'ci/script-injection .github/workflows/triage.yml:18',
      'ci/unpinned-action .github/workflows/ci.yml:11',
      'ci/unpinned-action .github/workflows/ci.yml:12',
      'ci/unpinned-action .github/workflows/ci.yml:32',
      'ci/unpinned-action .github/workflows/ci.yml:33',
      'ci/unpinned-action .github/workflows/ci.yml:34',
      'ci/unpinned-action .github/workflows/ci.yml:39',
      'ci/unpinned-action .github/workflows/triage.yml:23',
      'ci/write-all-permissions .github/workflows/triage.yml:8',
      'project/ci-runs-no-tests .github/workflows/ci.yml:7',
      'project/no-dependency-updates -',
      'project/unpinned-dependencies api/requirements.txt:1',
      'project/unpinned-dependencies web/package.json:5',
    ]);
  });

  it('reports exactly the problems of a GitLab pipeline spread over includes, extends and anchors', async () => {
    assert.deepEqual(await ours('gitlab'), [
      'ci/quality-gate-disabled .gitlab-ci.yml:21',
      'ci/missing-timeout .gitlab-ci.yml:23',
      'ci/quality-gate-disabled .gitlab-ci.yml:33',
      'ci/script-injection .gitlab-ci.yml:47',
      'ci/quality-gate-disabled ci/templates.yml:6',
      'project/no-dependency-updates -',
    ]);
  });
});
