import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const WF = '.github/workflows/ci.yml';

describe('ci/missing-permissions', () => {
  const RULE = 'ci/missing-permissions';
  const wf = yml(
    'name: CI',
    'on: [push]',
    '',
    '# all jobs',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: make test',
    '  docs:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      contents: read',
    '    steps:',
    '      - run: make docs',
  );

  it('flags each job without permissions when the workflow has none', async () => {
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:6:3 test`]);
    const result = await analyzeFiles({ [WF]: wf });
    assert.deepEqual(result.checks.find((c) => c.rule === RULE), { rule: RULE, category: 'security', severity: 'warning', passed: 1, applicable: 2 });
  });

  it('is silent with top-level permissions, even empty or read-all', async () => {
    for (const p of ['permissions: {}', 'permissions: read-all', 'permissions:\n  contents: read']) {
      assert.deepEqual(await findingsOf(RULE, { [WF]: wf.replace('jobs:', `${p}\njobs:`) }), []);
    }
  });

  it('adds contents: read above jobs: (safe) keeping comments', async () => {
    const { fixed, fix } = await checkFix(RULE, { [WF]: wf });
    assert.equal(fix.safety, 'safe');
    assert.deepEqual(yamlErrors(fixed), []);
    assert.match(fixed[WF], /on: \[push\]\n\npermissions:\n {2}contents: read\n# all jobs\njobs:/);
  });

  it('offers the job-level fix, and marks fixes unsafe when a job writes', async () => {
    const { fixed } = await checkFix(RULE, { [WF]: wf }, 'Add `permissions: contents: read` to job "test"');
    assert.match(fixed[WF], /  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:/);
    const writer = wf.replace('make test', 'git push origin HEAD:gh-pages');
    const [f] = await findingsOf(RULE, { [WF]: writer });
    assert.deepEqual(f.fixes.map((x) => x.safety), ['unsafe', 'unsafe']);
    assert.match(f.message, /it runs `git push`/);
  });
});

describe('ci/write-all-permissions', () => {
  const RULE = 'ci/write-all-permissions';
  it('flags write-all at workflow and job level, not scoped writes', async () => {
    const w = yml(
      'on: push',
      'permissions: write-all',
      'jobs:',
      '  a:',
      '    permissions: write-all',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: "true" }]',
      '  b:',
      '    permissions: { contents: write, packages: write }',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: "true" }]',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: w }), [`${WF}:2:14 write-all`, `${WF}:5:18 write-all`]);
  });

  it('accepts the Checkov id as a suppression', async () => {
    const w = yml('on: push', '# readiness-ignore CKV2_GHA_1', 'permissions: write-all', 'jobs: {}');
    assert.deepEqual(await findingsOf(RULE, { [WF]: w }), []);
  });
});
