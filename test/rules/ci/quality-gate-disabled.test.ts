import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const RULE = 'ci/quality-gate-disabled';
const WF = '.github/workflows/ci.yml';

describe(RULE, () => {
  it('flags each escape at its position, naming the checks it disables', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    continue-on-error: true',
      '    steps:',
      '      - run: ruff check . && mypy src',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: Tests',
      '        run: |',
      '          poetry run pytest -q || echo "tests failed"',
      '          flake8 --exit-zero src',
      '      - uses: github/codeql-action/analyze@v3',
      '        continue-on-error: true',
      '      - run: |',
      '          set +e',
      '          npm audit',
      '          echo done',
      '      - run: go test ./... | tee test.log',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [
      `${WF}:5:5 continue-on-error: true`,
      `${WF}:13:32 || echo "tests failed"`,
      `${WF}:14:18 --exit-zero`,
      `${WF}:16:9 continue-on-error: true`,
      `${WF}:18:11 set +e`,
      `${WF}:21:28 | tee test.log`,
    ]);
    const [job] = await findingsOf(RULE, { [WF]: wf });
    assert.match(job.message, /`ruff` \(lint\), `mypy` \(type check\) cannot fail/);
  });

  it('is silent on checks that can fail and on escapes around other steps', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    continue-on-error: ${{ matrix.experimental }}',
      '    steps:',
      '      - run: pip install -r requirements.txt || true',
      '      - run: |',
      '          set +e',
      '          pytest',
      '          status=$?',
      '          ./upload-report.sh',
      '          exit $status',
      '      - run: |',
      '          set +e',
      '          make lint',
      '      - run: pytest || (echo "failed" && exit 1)',
      '      - run: pytest | tee log.txt',
      '        shell: bash',
      '      - run: docker build . || true',
      '        continue-on-error: true',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), []);
  });

  it('follows npm run scripts into package.json', async () => {
    const files = {
      [WF]: yml('on: push', 'jobs:', '  ci:', '    runs-on: ubuntu-latest', '    steps:', '      - run: npm run verify || true', '        working-directory: web'),
      'web/package.json': JSON.stringify({ scripts: { verify: 'eslint . && vitest run' } }),
    };
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /`npm run verify \(eslint\)` \(lint\), `npm run verify \(vitest\)` \(tests\)/);
  });

  it('removes a continue-on-error line, a || true and an --exit-zero (safe)', async () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: Lint',
      '        run: ruff check .',
      '        continue-on-error: true # temporary',
      '      - run: |',
      '          bandit -r src || true',
      '          pylint --exit-zero app',
    );
    let files: Record<string, string> = { [WF]: wf };
    for (let i = 0; i < 3; i++) {
      const { fixed, fix } = await checkFix(RULE, files);
      assert.equal(fix.safety, 'safe');
      assert.deepEqual(yamlErrors(fixed), []);
      files = fixed;
    }
    assert.equal(files[WF], yml('on: push', 'jobs:', '  lint:', '    runs-on: ubuntu-latest', '    steps:', '      - name: Lint', '        run: ruff check .', '      - run: |', '          bandit -r src', '          pylint app'));
  });

  it('flags GitLab allow_failure inherited from a template in an included file and removes it there', async () => {
    const files = {
      '.gitlab-ci.yml': yml('include:', '  - local: /ci/lint.yml', 'ruff:', '  extends: .lint', '  script:', '    - ruff check .'),
      'ci/lint.yml': yml('.lint:', '  image: python:3.12', '  allow_failure: true', '  timeout: 5m'),
    };
    assert.deepEqual(await flagged(RULE, files), ['ci/lint.yml:3:3 allow_failure: true']);
    const { fixed } = await checkFix(RULE, files);
    assert.equal(fixed['ci/lint.yml'], yml('.lint:', '  image: python:3.12', '  timeout: 5m'));
  });

  it('offers removing set +e only as unsafe', async () => {
    const wf = yml('on: push', 'jobs:', '  t:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          set +e', '          pytest', '          echo ok');
    const { fixed, fix } = await checkFix(RULE, { [WF]: wf });
    assert.equal(fix.safety, 'unsafe');
    assert.equal(fixed[WF], yml('on: push', 'jobs:', '  t:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          pytest', '          echo ok'));
  });

  it('sees through a local composite action run with continue-on-error', async () => {
    const files = {
      [WF]: yml('on: push', 'jobs:', '  t:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: ./.github/actions/checks', '        continue-on-error: true'),
      '.github/actions/checks/action.yml': yml('runs:', '  using: composite', '  steps:', '    - run: pytest', '      shell: bash', '    - run: npm audit', '      shell: bash'),
    };
    const found = await findingsOf(RULE, files);
    assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line + 1}`), [`${WF}:7`]);
    assert.match(found[0].message, /`pytest` \(tests\), `npm audit` \(security scan\)/);
  });
});
