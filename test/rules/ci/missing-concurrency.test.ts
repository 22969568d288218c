import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const RULE = 'ci/missing-concurrency';
const WF = '.github/workflows/ci.yml';

describe(RULE, () => {
  it('flags push/pull_request workflows without concurrency, at the trigger', async () => {
    const wf = yml('on:', '  pull_request:', '  push:', '    branches: [main]', 'jobs:', '  a: { runs-on: ubuntu-latest, steps: [{ run: "true" }] }');
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:2:3 pull_request`]);
  });

  it('is silent for other triggers and when every job has its own group', async () => {
    assert.deepEqual(await findingsOf(RULE, { [WF]: yml('on: [release, schedule]', 'jobs: {}') }), []);
    const perJob = yml('on: push', 'jobs:', '  a:', '    concurrency: deploy', '    runs-on: ubuntu-latest', '    steps: [{ run: "true" }]');
    assert.deepEqual(await findingsOf(RULE, { [WF]: perJob }), []);
    const release = yml('on:', '  push:', '    tags: ["v*"]', 'jobs: {}');
    assert.deepEqual(await findingsOf(RULE, { [WF]: release }), []);
  });

  it('inserts a concurrency group before jobs:', async () => {
    const wf = yml('on: push', 'permissions:', '    contents: read', 'jobs:', '    a:', '        runs-on: ubuntu-latest', '        steps:', '            - run: make');
    const { fixed } = await checkFix(RULE, { [WF]: wf });
    assert.deepEqual(yamlErrors(fixed), []);
    assert.match(fixed[WF], /contents: read\nconcurrency:\n {4}group: \$\{\{ github\.workflow \}\}-\$\{\{ github\.ref \}\}\n {4}cancel-in-progress: \$\{\{ github\.event_name == 'pull_request' \}\}\njobs:/);
  });
});
