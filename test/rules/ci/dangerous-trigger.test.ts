import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged, yml } from './_util';

const RULE = 'ci/dangerous-trigger';
const WF = '.github/workflows/pr.yml';

describe(RULE, () => {
  it('flags a pull_request_target checkout of the PR head and names the step that runs it', async () => {
    const wf = yml(
      'on:',
      '  pull_request_target:',
      '    types: [labeled]',
      'jobs:',
      '  e2e:',
      "    if: contains(github.event.pull_request.labels.*.name, 'safe to test')",
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '      - run: npm ci',
      '      - run: npm test',
    );
    const found = await findingsOf(RULE, { [WF]: wf });
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:11:16 \${{ github.event.pull_request.head.sha }}`]);
    assert.match(found[0].message, /step 2 of job "e2e" then executes/);
  });

  it('flags workflow_run checkouts of the triggering head and gh pr checkout scripts', async () => {
    const wf = yml(
      'on:',
      '  workflow_run:',
      '    workflows: [CI]',
      '    types: [completed]',
      'jobs:',
      '  report:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.event.workflow_run.head_sha }}',
      '      - run: |',
      '          gh pr checkout 42',
      '          make report',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:11:16 \${{ github.event.workflow_run.head_sha }}`, `${WF}:13:11 gh pr checkout`]);
  });

  it('is silent on pull_request, on base checkouts and on same-repository guards', async () => {
    const base = yml(
      'on: pull_request_target',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/labeler@v5',
    );
    assert.deepEqual(await findingsOf(RULE, { [WF]: base }), []);
    const guarded = yml(
      'on: pull_request_target',
      'jobs:',
      '  test:',
      '    if: github.event.pull_request.head.repo.full_name == github.repository',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with: { ref: "${{ github.event.pull_request.head.sha }}" }',
      '      - run: npm test',
    );
    assert.deepEqual(await findingsOf(RULE, { [WF]: guarded }), []);
    const plain = guarded.replace('pull_request_target', 'pull_request').replace(/ {4}if:.*\n/, '');
    assert.deepEqual(await findingsOf(RULE, { [WF]: plain }), []);
  });

  it('honours zizmor dangerous-triggers pragmas on the finding line', async () => {
    const wf = yml(
      'on: pull_request_target',
      'jobs:',
      '  t:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          ref: ${{ github.head_ref }} # zizmor: ignore[dangerous-triggers] only reads files',
    );
    assert.deepEqual(await findingsOf(RULE, { [WF]: wf }), []);
  });
});
