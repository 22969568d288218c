import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from './_util';

const RULE = 'ci/script-injection';
const WF = '.github/workflows/triage.yml';

describe(RULE, () => {
  it('flags untrusted event fields in run: blocks at the expression', async () => {
    const wf = yml(
      'on:',
      '  issues:',
      '    types: [opened]',
      'permissions: {}',
      'jobs:',
      '  triage:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: Label',
      '        run: |',
      '          echo "New issue: ${{ github.event.issue.title }}"',
      '          ./label.sh ${{ github.event.issue.number }}',
      '      - run: echo ${{ github.head_ref }}',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [
      `${WF}:11:28 \${{ github.event.issue.title }}`,
      `${WF}:13:19 \${{ github.head_ref }}`,
    ]);
  });

  it('hoists the expression into env: and quotes the reference (block scalar)', async () => {
    const wf = yml(
      'on: issues',
      'jobs:',
      '  triage:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      # label new issues',
      '      - name: Label',
      '        run: |',
      '          echo "New issue: ${{ github.event.issue.title }}"  # shown in the log',
      "          echo '${{ github.event.issue.title }}' > title.txt",
      '          gh issue edit --body ${{ github.event.issue.body }}',
      '        shell: bash',
    );
    const { fixed } = await checkFix(RULE, { [WF]: wf });
    assert.deepEqual(yamlErrors(fixed), []);
    assert.equal(
      fixed[WF],
      yml(
        'on: issues',
        'jobs:',
        '  triage:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      # label new issues',
        '      - name: Label',
        '        run: |',
        '          echo "New issue: $ISSUE_TITLE"  # shown in the log',
        `          echo ''"$ISSUE_TITLE"'' > title.txt`,
        '          gh issue edit --body "$ISSUE_BODY"',
        '        shell: bash',
        '        env:',
        '          ISSUE_TITLE: ${{ github.event.issue.title }}',
        '          ISSUE_BODY: ${{ github.event.issue.body }}',
      ),
    );
  });

  it('adds to an existing env: and avoids name collisions', async () => {
    const wf = yml(
      'on: pull_request_target',
      'jobs:',
      '  greet:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}_x"',
      '        env:',
      '          PULL_REQUEST_TITLE: unrelated',
    );
    const { fixed } = await checkFix(RULE, { [WF]: wf });
    assert.deepEqual(yamlErrors(fixed), []);
    assert.match(fixed[WF], /run: "echo \\"\$\{PULL_REQUEST_TITLE_2\}_x\\""/);
    assert.match(fixed[WF], /\n {10}PULL_REQUEST_TITLE_2: \$\{\{ github.event.pull_request.title \}\}\n/);
  });

  it('rewrites actions/github-script code to process.env', async () => {
    const wf = yml(
      'on: issue_comment',
      'jobs:',
      '  reply:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7',
      '        with:',
      '          script: |',
      '            const body = "${{ github.event.comment.body }}";',
      '            console.log(`${{ github.event.comment.body }}`);',
    );
    assert.equal((await findingsOf(RULE, { [WF]: wf })).length, 2);
    const { fixed } = await checkFix(RULE, { [WF]: wf });
    assert.match(fixed[WF], /const body = "" \+ process\.env\.COMMENT_BODY \+ "";/);
    assert.match(fixed[WF], /console\.log\(`\$\{process\.env\.COMMENT_BODY\}`\);/);
    assert.match(fixed[WF], /\n {8}env:\n {10}COMMENT_BODY: \$\{\{ github.event.comment.body \}\}\n/);
  });

  it('follows values through env and workflow_dispatch string inputs, not typed ones', async () => {
    const wf = yml(
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      tag: { type: string }',
      '      dry-run: { type: boolean }',
      '      target: { type: choice, options: [staging, production] }',
      'env:',
      '  TITLE: ${{ github.event.head_commit.message }}',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./release.sh ${{ inputs.tag }} ${{ inputs.dry-run }} ${{ inputs.target }} "${{ env.TITLE }}"',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), [`${WF}:13:27 \${{ inputs.tag }}`, `${WF}:13:89 \${{ env.TITLE }}`]);
  });

  it('ignores values that cannot carry code', async () => {
    const wf = yml(
      'on: [pull_request, issues]',
      'jobs:',
      '  ok:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          echo ${{ github.event.pull_request.number }} ${{ github.sha }} ${{ github.event.pull_request.head.sha }}',
      "          echo ${{ contains(github.event.issue.title, 'bug') }} ${{ github.event.issue.title == 'x' }}",
      '          echo "$TITLE"',
      '        env:',
      '          TITLE: ${{ github.event.issue.title }}',
      '      - name: ${{ github.event.issue.title }}',
      '        uses: actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9',
      '        with:',
      '          key: ${{ github.head_ref }}',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), []);
  });

  it('flags toJSON of event objects but not of safe fields', async () => {
    const wf = yml(
      'on: pull_request_target',
      'jobs:',
      '  dump:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      "      - run: echo '${{ toJSON(github.event.pull_request) }}' && echo ${{ toJSON(github.event.pull_request.labels.*.id) }}",
    );
    assert.equal((await flagged(RULE, { [WF]: wf })).length, 1);
  });

  it('honours zizmor and readiness pragmas', async () => {
    const wf = yml(
      'on: issues',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ github.event.issue.title }} # zizmor: ignore[template-injection]',
      '      # readiness-ignore ci/script-injection -- sanitised upstream',
      '      - run: echo ${{ github.event.issue.body }}',
    );
    assert.deepEqual(await flagged(RULE, { [WF]: wf }), []);
  });

  it('flags GitLab variables evaluated as code, not used as data', async () => {
    const gl = yml(
      'check:',
      '  script:',
      '    - echo "$CI_COMMIT_MESSAGE"',
      '    - eval "$CI_COMMIT_MESSAGE"',
      '    - bash -c "deploy $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"',
      '    - ./notify --title "$CI_MERGE_REQUEST_TITLE"',
    );
    assert.deepEqual(await flagged(RULE, { '.gitlab-ci.yml': gl }), [
      '.gitlab-ci.yml:4:13 $CI_COMMIT_MESSAGE',
      '.gitlab-ci.yml:5:23 $CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
    ]);
  });
});
