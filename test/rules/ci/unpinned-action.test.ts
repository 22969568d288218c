import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged, yml } from './_util';

const RULE = 'ci/unpinned-action';
const WF = '.github/workflows/ci.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

describe(RULE, () => {
  it('flags tags, branches, short SHAs, reusable workflows and docker tags at the uses: value', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: aquasecurity/trivy-action@master',
      '      - uses: docker/build-push-action@471d1dc',
      '      - uses: docker://alpine:3.20',
      `      - uses: actions/cache@${SHA} # v4`,
      '      - uses: ./.github/actions/setup',
      '      - uses: docker://alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '  shared:',
      '    uses: acme/workflows/.github/workflows/deploy.yml@main',
      `  pinned:`,
      `    uses: acme/workflows/.github/workflows/deploy.yml@${SHA}`,
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [
      `${WF}:6:15 actions/checkout@v4`,
      `${WF}:7:15 aquasecurity/trivy-action@master`,
      `${WF}:8:15 docker/build-push-action@471d1dc`,
      `${WF}:9:15 docker://alpine:3.20`,
      `${WF}:14:11 acme/workflows/.github/workflows/deploy.yml@main`,
    ]);
  });

  it('reports GitHub-owned actions as info and third-party ones as warnings', async () => {
    const wf = yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: github/codeql-action/init@v3', '      - uses: pypa/gh-action-pypi-publish@release/v1');
    const found = await findingsOf(RULE, { [WF]: wf });
    assert.deepEqual(found.map((f) => f.severity), ['info', 'warning']);
    assert.match(found[1].message, /`release\/v1`, a tag or branch/);
  });

  it('respects a configured severity over the per-finding one', async () => {
    const wf = yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4');
    const found = await findingsOf(RULE, { [WF]: wf }, { rules: { [RULE]: 'error' } });
    assert.deepEqual(found.map((f) => f.severity), ['error']);
  });

  it('checks composite actions and honours zizmor pragmas', async () => {
    const action = yml(
      'name: setup',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: actions/setup-node@v4 # zizmor: ignore[unpinned-uses]',
      '    - uses: pnpm/action-setup@v4',
    );
    assert.deepEqual(await flagged(RULE, { '.github/actions/setup/action.yml': action }), ['.github/actions/setup/action.yml:6:13 pnpm/action-setup@v4']);
  });
});
