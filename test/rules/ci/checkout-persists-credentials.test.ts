import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const RULE = 'ci/checkout-persists-credentials';
const WF = '.github/workflows/ci.yml';

describe(RULE, () => {
  it('flags checkouts without persist-credentials: false', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-depth: 0',
      '          persist-credentials: true',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          persist-credentials: false',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          persist-credentials: ${{ inputs.push }}',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:6:15 actions/checkout@v4`, `${WF}:10:32 true`]);
  });

  it('creates with: when missing, keeping the step layout', async () => {
    const wf = yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4 # v4.2.2', '      - run: make');
    const { fixed, fix } = await checkFix(RULE, { [WF]: wf });
    assert.equal(fix.safety, 'safe');
    assert.deepEqual(yamlErrors(fixed), []);
    assert.match(fixed[WF], /- uses: actions\/checkout@v4 # v4\.2\.2\n {8}with:\n {10}persist-credentials: false\n {6}- run: make/);
  });

  it('adds to an existing with: and is unsafe when a later step pushes', async () => {
    const wf = yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '        with:', '          fetch-depth: 0', '      - run: git push origin HEAD:main');
    const { fixed, fix } = await checkFix(RULE, { [WF]: wf });
    assert.equal(fix.safety, 'unsafe');
    assert.match(fixed[WF], /fetch-depth: 0\n {10}persist-credentials: false\n/);
    const [f] = await findingsOf(RULE, { [WF]: wf });
    assert.match(f.message, /`git push` later relies on it/);
  });
});
