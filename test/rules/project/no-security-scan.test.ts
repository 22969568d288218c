import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged, yml } from '../ci/_util';

const RULE = 'project/no-security-scan';
const WF = '.github/workflows/ci.yml';
const base = yml('on: push', 'jobs:', '  t:', '    runs-on: ubuntu-latest', '    steps:', '      - run: go test ./...');

describe(RULE, () => {
  it('flags CI without any scanner, on the workflow', async () => {
    assert.deepEqual(await flagged(RULE, { [WF]: base }), [`${WF}:2:1 jobs`]);
  });

  it('accepts scanners as commands, actions or GitLab templates', async () => {
    const variants = [
      base.replace('go test ./...', 'govulncheck ./...'),
      base.replace('- run: go test ./...', '- uses: github/codeql-action/analyze@v3'),
      base.replace('- run: go test ./...', '- uses: aquasecurity/trivy-action@0.28.0'),
      base.replace('go test ./...', 'npx snyk test'),
    ];
    for (const v of variants) assert.deepEqual(await findingsOf(RULE, { [WF]: v }), [], v);
    assert.deepEqual(await findingsOf(RULE, { '.gitlab-ci.yml': yml('include:', '  - template: Jobs/Dependency-Scanning.gitlab-ci.yml', 'test:', '  script: [make]') }), []);
  });

  it('says nothing without CI (project/no-ci covers it)', async () => {
    assert.deepEqual(await findingsOf(RULE, { 'go.mod': 'module x\n' }), []);
  });
});
