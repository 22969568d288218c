import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { findExpressions, isUntrustedPath, valueContexts } from '../../../server/src/parsers/ci/expressions';
import { ciActivities, ciScripts, ciScriptsCovered, ciShellScripts, editsAreVerbatim, githubModel, gitlabPipeline } from '../../../server/src/parsers/ci/index';
import { loadGrammar } from '../../../server/src/parsers/shell/grammar';
import { memoryWorkspace, type Files } from '../../helpers/workspace';
import { yml } from './_util';

function words(files: Files, path: string): string[] {
  const ws = memoryWorkspace(files);
  const text = files[path].split('\n');
  return ciShellScripts(ws, ws.file(path)!).flatMap((s) =>
    s.commands.flatMap((c) => [c.name, ...c.args].filter((w) => w !== null).map((w) => `${w!.range.start.line + 1}:${w!.range.start.character + 1} ${text[w!.range.start.line].slice(w!.range.start.character, w!.range.end.character)}`)),
  );
}

function kinds(run: string, extra: Files = {}): string[] {
  const ws = memoryWorkspace({ '.github/workflows/ci.yml': yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', ...run.split('\n').map((l) => `          ${l}`)), ...extra });
  return ciActivities(ws).activities.map((a) => `${a.kind}:${a.tool}`);
}

describe('CI model', () => {
  before(() => loadGrammar('bash'));

  it('finds expressions with their contexts, strings containing }} included', () => {
    const [e1, e2] = findExpressions("a ${{ format('{0}}}', github.event.issue.title) }} b ${{ steps.x.outputs.y || env.FOO }}");
    assert.equal(e1.text, "${{ format('{0}}}', github.event.issue.title) }}");
    assert.deepEqual(e1.contexts.map((c) => c.path), ['github.event.issue.title']);
    assert.deepEqual(e2.contexts.map((c) => c.path), ['steps.x.outputs.y', 'env.foo']);
    const [idx] = findExpressions("${{ github.event.commits[0].message }} ${{ github['head_ref'] }}");
    assert.deepEqual(idx.contexts.map((c) => c.path), ['github.event.commits.*.message']);
    assert.deepEqual(findExpressions("${{ github['head_ref'] }}")[0].contexts.map((c) => c.path), ['github.head_ref']);
  });

  it('tells which contexts reach the value of an expression', () => {
    const paths = (s: string) => valueContexts(findExpressions(s)[0].ast).map((c) => c.path);
    assert.deepEqual(paths("${{ contains(github.event.issue.title, 'x') }}"), []);
    assert.deepEqual(paths("${{ github.event.issue.title == 'x' && 'yes' || github.head_ref }}"), ['github.head_ref']);
    assert.deepEqual(paths('${{ toJSON(github.event.pull_request) }}'), ['github.event.pull_request']);
    assert.ok(isUntrustedPath(['github', 'event', 'pull_request']));
    assert.ok(!isUntrustedPath(['github', 'event', 'pull_request', 'number']));
  });

  it('maps shell words of run: blocks (literal, folded, quoted, CRLF) to their place in the file', () => {
    const wf = yml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          echo "${{ github.sha }}" \\',
      '            && make test',
      '      - run: >-',
      '          pytest',
      '          -q',
      "      - run: 'go test ./...'",
      '      - run: "cargo \\"test\\""',
    );
    assert.deepEqual(words({ '.github/workflows/ci.yml': wf }, '.github/workflows/ci.yml'), [
      '7:11 echo', '7:16 "${{ github.sha }}"', '8:16 make', '8:21 test', '10:11 pytest', '11:11 -q', '12:15 go', '12:18 test', '12:23 ./...', '13:15 cargo', '13:21 \\"test\\"',
    ]);
    const crlf = wf.replace(/\n/g, '\r\n');
    assert.deepEqual(words({ '.github/workflows/ci.yml': crlf }, '.github/workflows/ci.yml').slice(0, 4), ['7:11 echo', '7:16 "${{ github.sha }}"', '8:16 make', '8:21 test']);
  });

  it('exposes GitLab script lines (string or list) of jobs, templates and default:', () => {
    const gl = yml('default:', '  before_script:', '    - apt-get update', '.t:', '  script: make build', 'job:', '  script:', '    - |', '      curl -k https://x', '    - echo done');
    assert.deepEqual(words({ '.gitlab-ci.yml': gl }, '.gitlab-ci.yml'), ['3:7 apt-get', '3:15 update', '5:11 make', '5:16 build', '9:7 curl', '9:12 -k', '9:15 https://x', '10:7 echo', '10:12 done']);
  });

  it('classifies what commands do', () => {
    assert.deepEqual(kinds('python -m pytest\nnpx jest --ci\ngo test ./...\ncargo test\n./mvnw -B verify\n./gradlew check\ndotnet test\nbundle exec rspec\nmake test'),
      ['test:pytest', 'test:jest', 'test:go test', 'test:cargo test', 'test:mvn verify', 'test:gradle check', 'test:dotnet test', 'test:rspec', 'test:make test']);
    assert.deepEqual(kinds('ruff check .\nblack --check .\nblack .\nprettier --check src\nnpx tsc --noEmit\ntsc -p .\npoetry run mypy src\ngolangci-lint run'),
      ['lint:ruff', 'lint:black', 'lint:prettier', 'typecheck:tsc', 'typecheck:mypy', 'lint:golangci-lint']);
    assert.deepEqual(kinds('pip-audit\nsafety check\nnpm audit --omit=dev\ntrivy image app\nsemgrep ci\ndocker build -t app .\ndocker buildx build .\nmvn -DskipTests package'),
      ['security:pip-audit', 'security:safety', 'security:npm audit', 'security:trivy', 'security:semgrep', 'image-build:docker build', 'image-build:docker build']);
    assert.deepEqual(kinds('yarn test:unit\npnpm run typecheck\nnpm run build'), ['test:yarn run test:unit', 'typecheck:pnpm run typecheck']);
  });

  it('models triggers, dispatch inputs, permissions and reusable workflow calls', () => {
    const ws = memoryWorkspace({
      '.github/workflows/ci.yml': yml(
        'on:',
        '  workflow_dispatch:',
        '    inputs:',
        '      env: { type: choice, options: [a, b] }',
        '      ref: { description: git ref }',
        '  pull_request_target:',
        'permissions: read-all',
        'jobs:',
        '  call:',
        '    uses: org/repo/.github/workflows/x.yml@v1',
        '  build:',
        '    runs-on: [self-hosted, windows]',
        '    permissions: { contents: write }',
        '    steps:',
        '      - run: Write-Host hi',
      ),
    });
    const wf = githubModel(ws, ws.file('.github/workflows/ci.yml')!)!;
    assert.deepEqual(wf.triggers.map((t) => t.event), ['workflow_dispatch', 'pull_request_target']);
    assert.deepEqual(wf.dispatchInputs.map((i) => `${i.name}:${i.type}`), ['env:choice', 'ref:string']);
    assert.equal(wf.permissions?.kind, 'read-all');
    assert.deepEqual(wf.jobs[0].uses, { ...wf.jobs[0].uses!, kind: 'reusable-workflow', slug: 'org/repo', path: '.github/workflows/x.yml', ref: 'v1' });
    assert.deepEqual(wf.jobs[1].permissions?.scopes, { contents: 'write' });
    assert.equal(wf.jobs[1].steps[0].run?.language, 'pwsh');
    assert.equal(wf.jobs[1].steps[0].run?.shell, undefined);
  });

  it('resolves GitLab extends (last parent wins), !reference, defaults and wildcard includes', () => {
    const ws = memoryWorkspace({
      '.gitlab-ci.yml': yml(
        'include:',
        "  - local: 'ci/*.yml'",
        '  - local: ci/missing.yml',
        'default:',
        '  timeout: 1h',
        '  before_script: [echo default]',
        'job:',
        '  extends: [.a, .b]',
        '  script:',
        '    - !reference [.setup, script]',
        '    - make',
        'isolated:',
        '  inherit:',
        '    default: false',
        '  script: [true]',
      ),
      'ci/a.yml': yml('.a:', '  image: a', '  allow_failure: true', '.setup:', '  script: [echo setup]'),
      'ci/b.yml': yml('.b:', '  image: b', '  extends: .a', '  allow_failure: false'),
    });
    const p = gitlabPipeline(ws, ws.file('.gitlab-ci.yml')!);
    assert.deepEqual(p.files, ['.gitlab-ci.yml', 'ci/a.yml', 'ci/b.yml']);
    assert.deepEqual(p.missingIncludes, ['ci/missing.yml']);
    const job = p.jobs.find((j) => j.name === 'job')!;
    assert.equal(job.image, 'b');
    assert.equal(job.allowFailure?.value, 'false');
    assert.equal(job.timeout?.value, '1h');
    assert.deepEqual(job.sections.map((s) => s.scripts.map((x) => x.text)), [['echo default'], ['echo setup', 'make'], []]);
    const isolated = p.jobs.find((j) => j.name === 'isolated')!;
    assert.equal(isolated.timeout, undefined);
    assert.deepEqual(isolated.sections[0].scripts, []);
  });

  it('tells which host edits inside a script are verbatim, and covers GitLab includes', () => {
    const ws = memoryWorkspace({
      '.github/workflows/ci.yml': yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          curl -k https://x', '      - run: "curl \\u002dk https://x"'),
      '.gitlab-ci.yml': yml('include: ci/x.yml', 'a:', '  script: [make]'),
      'ci/x.yml': yml('b:', '  script: [make b]'),
    });
    const [block, quoted] = ciScripts(ws, ws.file('.github/workflows/ci.yml')!);
    const flag = (s: typeof block) => s.shell!.commands[0].args[0].range;
    assert.ok(editsAreVerbatim(block, [{ range: flag(block), newText: '' }]));
    assert.ok(!editsAreVerbatim(quoted, [{ range: flag(quoted), newText: '' }]));
    assert.deepEqual(ciScriptsCovered(ws, ws.file('.gitlab-ci.yml')!).map((s) => `${s.file} ${s.text}`), ['.gitlab-ci.yml make', 'ci/x.yml make b']);
  });

  it('rebuilds a GitLab pipeline when an included file changes, and only then', () => {
    const ws = memoryWorkspace({ '.gitlab-ci.yml': yml('include: ci/x.yml', 'a:', '  script: [make]'), 'ci/x.yml': yml('b:', '  script: [make b]') });
    const root = ws.file('.gitlab-ci.yml')!;
    const first = gitlabPipeline(ws, root);
    assert.equal(gitlabPipeline(ws, root), first);
    ws.setText('ci/x.yml', yml('b:', '  timeout: 5m', '  script: [make b]'), 1);
    const second = gitlabPipeline(ws, root);
    assert.notEqual(second, first);
    assert.equal(second.jobs.find((j) => j.name === 'b')?.timeout?.value, '5m');
  });
});
