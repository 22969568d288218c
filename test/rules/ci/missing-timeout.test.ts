import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const RULE = 'ci/missing-timeout';
const WF = '.github/workflows/ci.yml';

describe(RULE, () => {
  it('flags GitHub jobs without timeout-minutes, not reusable-workflow calls', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix: { node: [18, 20] }',
      '    steps: [{ run: npm test }]',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 5',
      '    steps: [{ run: npm run lint }]',
      '  deploy:',
      '    uses: acme/ci/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:3:3 test`]);
  });

  it('inserts timeout-minutes above steps:', async () => {
    const wf = yml('on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    # the suite', '    steps:', '      - run: go test ./...');
    const { fixed } = await checkFix(RULE, { [WF]: wf });
    assert.deepEqual(yamlErrors(fixed), []);
    assert.equal(fixed[WF], yml('on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    timeout-minutes: 30', '    # the suite', '    steps:', '      - run: go test ./...'));
  });

  it('resolves GitLab timeouts through extends, merge keys and default:', async () => {
    const gl = yml(
      '.slow: &slow',
      '  timeout: 2h',
      '.base:',
      '  timeout: 20m',
      'a:',
      '  extends: .base',
      '  script: [make a]',
      'b:',
      '  <<: *slow',
      '  script: [make b]',
      'c:',
      '  script: [make c]',
      'd:',
      '  trigger: { project: acme/deploy }',
    );
    assert.deepEqual(await flagged(RULE, { '.gitlab-ci.yml': gl }), ['.gitlab-ci.yml:11:1 c']);
    assert.deepEqual(await findingsOf(RULE, { '.gitlab-ci.yml': `default:\n  timeout: 30m\n${gl}` }), []);
  });

  it('adds timeout: 30m to a GitLab job', async () => {
    const gl = yml('test:', '  image: python:3.12', '  script:', '    - pytest');
    const { fixed } = await checkFix(RULE, { '.gitlab-ci.yml': gl });
    assert.equal(fixed['.gitlab-ci.yml'], yml('test:', '  image: python:3.12', '  script:', '    - pytest', '  timeout: 30m'));
  });
});
