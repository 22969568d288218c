// GitHub Actions workflows and GitLab CI files with the shapes that matter to the CI model: matrices,
// reusable steps, `${{ }}` expressions inside scripts, anchors and `extends:` in GitLab.

const ACTIONS = [
  ['actions/checkout', ['v4', 'v4.1.7', '11bd71901bbe5b1630ceea73d27597364c9af683']],
  ['actions/setup-node', ['v4', '39370e3970a6d050c480ffad4ff0ed4d3fdee5af']],
  ['actions/setup-python', ['v5', '0b93645e9fea7318ecaed2b359559ac225c90a2b']],
  ['actions/setup-go', ['v5']],
  ['actions/cache', ['v4', 'v4.0.2']],
  ['docker/setup-buildx-action', ['v3', 'master']],
  ['docker/build-push-action', ['v6', 'ca052bb54ab0790a636c9b5f226502c73d547a25']],
  ['github/codeql-action/analyze', ['v3']],
  ['aquasecurity/trivy-action', ['0.24.0', 'master']],
];

function uses(r, name) {
  const entry = ACTIONS.find(([n]) => n === name);
  return `${name}@${r.pick(entry[1])}`;
}

function setup(r, lang) {
  if (lang === 'python') return [`      - uses: ${uses(r, 'actions/setup-python')}`, '        with:', `          python-version: "\${{ matrix.python }}"`, '          cache: pip'];
  if (lang === 'ts') return [`      - uses: ${uses(r, 'actions/setup-node')}`, '        with:', '          node-version: ${{ matrix.node }}', '          cache: npm'];
  return [`      - uses: ${uses(r, 'actions/setup-go')}`, '        with:', '          go-version-file: go.mod'];
}

function testScript(lang, dir) {
  if (lang === 'python') return [`pip install -r ${dir}/requirements.txt -r ${dir}/requirements-dev.txt`, `ruff check ${dir}`, `pytest -q ${dir}/tests --junitxml=reports/${dir.split('/').pop()}.xml`];
  if (lang === 'ts') return [`npm ci --prefix ${dir}`, `npm run --prefix ${dir} lint`, `npm test --prefix ${dir} -- --reporter=junit`];
  return [`cd ${dir} && go vet ./...`, `cd ${dir} && go test -race -count=1 ./...`];
}

/** One workflow testing and building every service of an app (or of the whole repo). */
export function githubWorkflow(r, name, services, prefix = '') {
  const out = [`name: ${name}`, '', 'on:', '  push:', '    branches: [main]', '  pull_request:'];
  if (r.chance(0.3)) out.push('  pull_request_target:', '    types: [labeled]');
  if (r.chance(0.7)) out.push('', 'permissions:', '  contents: read');
  if (r.chance(0.6)) out.push('', 'concurrency:', '  group: ${{ github.workflow }}-${{ github.ref }}', '  cancel-in-progress: true');
  out.push('', 'jobs:');
  for (const svc of services) {
    const dir = `${prefix}services/${svc.name}`;
    out.push(`  test-${svc.name}:`, '    runs-on: ubuntu-latest');
    if (r.chance(0.7)) out.push(`    timeout-minutes: ${r.int(10, 30)}`);
    if (svc.lang !== 'go') out.push('    strategy:', '      matrix:', svc.lang === 'python' ? '        python: ["3.11", "3.12"]' : '        node: [20, 22]');
    out.push('    steps:', `      - uses: ${uses(r, 'actions/checkout')}`);
    if (r.chance(0.4)) out.push('        with:', '          persist-credentials: false');
    out.push(...setup(r, svc.lang));
    out.push('      - name: Test', '        run: |', ...testScript(svc.lang, dir).map((l) => `          ${l}`));
    if (r.chance(0.2)) out.push('        continue-on-error: true');
    if (r.chance(0.25)) out.push('      - name: Greet', `        run: echo "Testing \${{ github.event.pull_request.title }} on \${{ github.head_ref }}"`);
  }
  out.push('  build:', '    runs-on: ubuntu-latest', `    needs: [${services.map((s) => `test-${s.name}`).join(', ')}]`, '    if: github.ref == \'refs/heads/main\'');
  out.push('    permissions:', '      contents: read', '      packages: write', '    steps:', `      - uses: ${uses(r, 'actions/checkout')}`, `      - uses: ${uses(r, 'docker/setup-buildx-action')}`);
  for (const svc of services) {
    out.push(`      - name: Build ${svc.name}`, `        uses: ${uses(r, 'docker/build-push-action')}`, '        with:', `          context: ${prefix}services/${svc.name}`, '          push: true', `          tags: ghcr.io/\${{ github.repository }}/${svc.name}:\${{ github.sha }}`);
  }
  if (r.chance(0.5)) out.push(`      - uses: ${uses(r, 'aquasecurity/trivy-action')}`, '        with:', '          scan-type: fs', '          exit-code: "1"');
  return out.join('\n') + '\n';
}

export function dependabot(r, services) {
  const out = ['version: 2', 'updates:', '  - package-ecosystem: github-actions', '    directory: /', '    schedule:', '      interval: weekly'];
  for (const svc of services.slice(0, 6)) {
    out.push(`  - package-ecosystem: ${svc.lang === 'python' ? 'pip' : svc.lang === 'ts' ? 'npm' : 'gomod'}`, `    directory: /${svc.dir}`, '    schedule:', `      interval: ${r.pick(['daily', 'weekly'])}`);
  }
  return out.join('\n') + '\n';
}

/** A GitLab pipeline with a local template include, anchors, `extends:` and `rules:`. */
export function gitlabCi(r, app) {
  const out = ['stages: [lint, test, build, deploy]', '', 'include:', '  - local: ci/templates.yml', ...(r.chance(0.5) ? ['  - template: Jobs/SAST.gitlab-ci.yml'] : []), ''];
  out.push('default:', '  interruptible: true', `  timeout: ${r.int(10, 40)}m`, '', 'variables:', '  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"', '  DOCKER_DRIVER: overlay2', '');
  out.push('.rules-mr: &rules-mr', '  rules:', '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"', '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', '');
  for (const svc of app.services) {
    const image = svc.lang === 'python' ? 'python:3.12-slim' : svc.lang === 'ts' ? 'node:20-bookworm-slim' : 'golang:1.23';
    out.push(`test:${svc.name}:`, `  extends: .${svc.lang}`, '  stage: test', `  image: ${image}`, '  <<: *rules-mr', '  script:', ...testScript(svc.lang, `services/${svc.name}`).map((l) => `    - ${l}`));
    if (r.chance(0.2)) out.push('  allow_failure: true');
    out.push(`build:${svc.name}:`, '  stage: build', '  image: docker:27', '  services: [docker:27-dind]', '  script:', `    - docker build -t "$CI_REGISTRY_IMAGE/${svc.name}:$CI_COMMIT_SHORT_SHA" services/${svc.name}`, `    - docker push "$CI_REGISTRY_IMAGE/${svc.name}:$CI_COMMIT_SHORT_SHA"`, '');
  }
  out.push('deploy:', '  stage: deploy', '  environment: production', '  when: manual', '  script:', '    - ./deploy.sh "$CI_COMMIT_SHORT_SHA"');
  const templates = ['.python:', '  before_script:', '    - pip install --upgrade pip', '.ts:', '  before_script:', '    - npm --version', '.go:', '  before_script:', '    - go version', ''].join('\n');
  return { pipeline: out.join('\n') + '\n', templates };
}
