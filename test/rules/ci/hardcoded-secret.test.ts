import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged, yml } from './_util';

const RULE = 'ci/hardcoded-secret';
const WF = '.github/workflows/deploy.yml';
const TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe(RULE, () => {
  it('flags credential formats in env, with: and scripts at the secret itself, redacted', async () => {
    const wf = yml(
      'on: push',
      'env:',
      '  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7QWERTYZ',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      `          curl -H "Authorization: token ${TOKEN}" https://api.github.com/user`,
      '      - uses: some/action@0123456789abcdef0123456789abcdef01234567',
      '        with:',
      '          url: https://deploy:hunter2-prod@registry.example.com/v2',
    );
    const found = await findingsOf(RULE, { [WF]: wf });
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [
      `${WF}:3:22 AKIAIOSFODNN7QWERTYZ`,
      `${WF}:9:41 ${TOKEN}`,
      `${WF}:12:31 hunter2-prod`,
    ]);
    for (const f of found) {
      assert.ok(!f.message.includes('AKIAIOSFODNN7QWERTYZ') && !f.message.includes(TOKEN) && !f.message.includes('hunter2-prod'), f.message);
    }
  });

  it('flags literal container registry passwords, not secrets references or test databases', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: ghcr.io/acme/ci:1',
      '      credentials:',
      '        username: bot',
      '        password: s3cr3t-registry',
      '    services:',
      '      db:',
      '        image: postgres:16',
      '        env:',
      '          POSTGRES_PASSWORD: postgres',
      '        credentials:',
      '          username: bot',
      '          password: ${{ secrets.REGISTRY_PASSWORD }}',
      '    steps:',
      '      - run: echo "${{ secrets.DEPLOY_TOKEN }}" | docker login -u bot --password-stdin',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:9:19 s3cr3t-registry`]);
  });

  it('scans GitLab files and their includes', async () => {
    const files = {
      '.gitlab-ci.yml': yml('include: ci/deploy.yml', 'variables:', '  SAFE: "1"'),
      'ci/deploy.yml': yml('deploy:', '  script:', '    - export GITLAB_TOKEN=glpat-abcdefghij0123456789', '    - ./deploy.sh'),
    };
    assert.deepEqual(await flagged(RULE, files), ['ci/deploy.yml:3:27 glpat-abcdefghij0123456789']);
  });
});
