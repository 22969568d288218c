import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';

const spot = (files: Record<string, string>) => (f: { file: string | null; range: { start: { line: number; character: number }; end: { character: number } } }) =>
  `${f.file}:${f.range.start.line + 1} ${files[f.file!].split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`;

describe('shell rules outside Dockerfiles', () => {
  const workflow = [
    'name: release',
    'on: push',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - name: Install tool',
    '        run: |',
    '          curl -fsSLk https://get.example.com/tool.sh | bash',
    '          echo "done: curl -k is mentioned, not run"',
    '',
  ].join('\n');
  const gitlab = ['include: ci/setup.yml', ''].join('\n');
  const included = ['setup:', '  script:', '    - wget --no-check-certificate -qO- https://x.example/i.sh | sh', ''].join('\n');
  const compose = [
    'services:',
    '  api:',
    '    image: ghcr.io/acme/api:1.2.0',
    '    command: ["sh", "-c", "curl -k https://config.internal/app.env > /app/.env && exec node server.js"]',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "curl --insecure -f https://localhost:8443/health || exit 1"]',
    '',
  ].join('\n');
  const files = { '.github/workflows/release.yml': workflow, '.gitlab-ci.yml': gitlab, 'ci/setup.yml': included, 'compose.yaml': compose };

  it('flags TLS verification turned off in CI scripts (GitLab includes too) and compose commands, not loopback probes', async () => {
    const found = await findingsOf('shell/tls-verification-disabled', files);
    assert.deepEqual(found.map(spot(files)), [
      '.github/workflows/release.yml:9 -fsSLk',
      'ci/setup.yml:3 --no-check-certificate',
      'compose.yaml:4 -k',
    ]);
    // The healthcheck's --insecure only talks to the container itself (loopback): nothing to intercept.
  });

  it('flags downloads piped into a shell in CI scripts, and not text that only mentions them', async () => {
    const found = await findingsOf('shell/curl-pipe-shell', files);
    assert.deepEqual(found.map(spot(files)), ['.github/workflows/release.yml:9 bash', 'ci/setup.yml:3 sh']);
  });

  it('fixes a workflow script in place, keeping the YAML valid', async () => {
    const { fixed } = await checkFix('shell/tls-verification-disabled', { '.github/workflows/release.yml': workflow });
    assert.match(fixed['.github/workflows/release.yml'], /curl -fsSL https:\/\/get\.example\.com/);
  });

  it('fixes inside a quoted compose string when the scalar maps one to one, and not when it has escapes', async () => {
    const { fixed } = await checkFix('shell/tls-verification-disabled', { 'compose.yaml': compose });
    assert.match(fixed['compose.yaml'], /command: \["sh", "-c", "curl https:\/\/config\.internal\/app\.env/);
    const escaped = compose.replace('curl -k https://config.internal/app.env', 'curl -k \\"https://config.internal/app.env\\"');
    const found = await findingsOf('shell/tls-verification-disabled', { 'compose.yaml': escaped });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].fixes, []);
  });
});
