import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged, yml } from '../ci/_util';

const RULE = 'project/ci-runs-no-tests';
const WF = '.github/workflows/ci.yml';
const lintOnly = yml('on: [push, pull_request]', 'jobs:', '  lint:', '    runs-on: ubuntu-latest', '    steps:', '      - run: npm run lint');

describe(RULE, () => {
  it('anchors on the main workflow when tests exist and CI never runs them', async () => {
    const files = { [WF]: lintOnly, '.github/workflows/release.yml': yml('on: release', 'jobs: {}'), 'src/cart.test.ts': 'test("x", () => {});\n' };
    assert.deepEqual(await flagged(RULE, files), [`${WF}:2:1 jobs`]);
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /src\/cart\.test\.ts/);
  });

  it('counts tests run through package.json scripts, make, tox and GitLab jobs', async () => {
    const tests = { 'tests/test_api.py': 'def test_x(): pass\n' };
    const cases: Record<string, string>[] = [
      { [WF]: lintOnly.replace('npm run lint', 'npm run ci'), 'package.json': JSON.stringify({ scripts: { ci: 'npm run lint && jest' } }) },
      { [WF]: lintOnly.replace('npm run lint', 'make test') },
      { [WF]: lintOnly.replace('npm run lint', 'tox -e py312') },
      { [WF]: lintOnly.replace('npm run lint', 'uv run pytest') },
      { '.gitlab-ci.yml': yml('.py:', '  script: [python -m pytest]', 'test:', '  extends: .py') },
    ];
    for (const c of cases) assert.deepEqual(await findingsOf(RULE, { ...c, ...tests }), [], JSON.stringify(c));
  });

  it('is silent without tests or without CI', async () => {
    assert.deepEqual(await findingsOf(RULE, { [WF]: lintOnly, 'src/app.ts': 'export {};\n' }), []);
    assert.deepEqual(await findingsOf(RULE, { 'tests/test_api.py': 'def test_x(): pass\n' }), []);
  });
});
