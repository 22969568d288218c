// Realistic Dockerfiles (multi-stage, ARG-parameterised bases, heredocs, cache mounts, `# escape=`,
// CRLF) checked end to end: every finding of the shell/* and package/context/start-command rules,
// exactly, so that both what is flagged and what is not are pinned.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, type Files } from '../../helpers/workspace';

const ROOT = join(__dirname, '../../fixtures/dockerfile-b');
const RULES = /^(shell\/|dockerfile\/(missing-dockerignore|npm-install-without-lockfile|apt-lists-not-removed|apt-install-recommends|pip-cache-kept|build-tools-in-final-image|dev-server-in-production|python-unbuffered-missing|add-instead-of-copy)$)/;

function load(dir: string): Files {
  const files: Files = {};
  (function walk(d: string) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(ROOT, p).replace(/\\/g, '/')] = readFileSync(p, 'utf8');
    }
  })(join(ROOT, dir));
  return files;
}

async function findings(dir: string): Promise<string[]> {
  const files = load(dir);
  const result = await analyzeFiles(files);
  return result.findings
    .filter((f) => RULES.test(f.rule))
    .map((f) => {
      const line = files[f.file!].split(/\r?\n/)[f.range.start.line];
      const end = f.range.start.line === f.range.end.line ? f.range.end.character : undefined;
      return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${line.slice(f.range.start.character, end)}`;
    });
}

describe('dockerfile-b fixtures', () => {
  it('legacy-monolith: a single-stage image with most problems', async () => {
    assert.deepEqual(await findings('legacy-monolith'), [
      '1:6 dockerfile/python-unbuffered-missing ubuntu:22.04',
      '4:5 dockerfile/apt-lists-not-removed apt-get',
      '4:13 dockerfile/apt-install-recommends install',
      '4:44 dockerfile/build-tools-in-final-image python3-dev',
      '6:54 shell/missing-pipefail |',
      '6:56 shell/curl-pipe-shell bash',
      '7:13 dockerfile/apt-install-recommends install',
      '8:1 dockerfile/add-instead-of-copy ADD',
      '9:10 dockerfile/pip-cache-kept install',
      '9:18 shell/tls-verification-disabled --trusted-host',
      '10:1 dockerfile/add-instead-of-copy ADD',
      '10:5 dockerfile/missing-dockerignore .',
      '12:9 dockerfile/npm-install-without-lockfile install',
      '13:9 shell/tls-verification-disabled -c',
      '15:6 dockerfile/dev-server-in-production "python3", "-m", "flask", "run"',
    ]);
  });

  it('python-service: builder stage with cache mounts is left alone, the runtime is checked', async () => {
    assert.deepEqual(await findings('python-service'), [
      '13:6 dockerfile/python-unbuffered-missing python:${PYTHON_VERSION}-slim',
      '22:9 dockerfile/pip-cache-kept install',
      '24:6 dockerfile/missing-dockerignore .',
      '25:28 shell/missing-pipefail |',
    ]);
  });

  it('node-web: npm start resolving to vite preview is not a dev server', async () => {
    assert.deepEqual(await findings('node-web'), [
      '4:9 dockerfile/npm-install-without-lockfile install',
      '14:5 shell/tls-verification-disabled NODE_TLS_REJECT_UNAUTHORIZED=0',
    ]);
  });

  it('windows-escape: backtick escape and CRLF', async () => {
    assert.deepEqual(await findings('windows-escape'), [
      '4:6 dockerfile/missing-dockerignore .',
      '9:13 dockerfile/apt-install-recommends install',
    ]);
  });

  it('fixes keep CRLF and the backtick escape', async () => {
    const files = load('windows-escape');
    const a = await checkFix('dockerfile/apt-install-recommends', files);
    assert.equal(a.fixed['windows-escape/Dockerfile'], files['windows-escape/Dockerfile'].replace('apt-get install -y curl `', 'apt-get install --no-install-recommends -y curl `'));
    const b = await checkFix('dockerfile/missing-dockerignore', files);
    assert.equal(b.fixed['windows-escape/.dockerignore'], 'bin/\r\nobj/\r\n.git\r\n.env\r\n');
  });

  it('fixes on the legacy image apply cleanly one after another', async () => {
    let files = load('legacy-monolith');
    for (const rule of ['shell/tls-verification-disabled', 'shell/tls-verification-disabled', 'dockerfile/pip-cache-kept', 'dockerfile/apt-install-recommends', 'dockerfile/apt-install-recommends', 'dockerfile/apt-lists-not-removed', 'shell/missing-pipefail', 'dockerfile/add-instead-of-copy', 'dockerfile/npm-install-without-lockfile', 'dockerfile/python-unbuffered-missing']) {
      files = (await checkFix(rule, files)).fixed;
    }
    assert.equal(
      files['legacy-monolith/Dockerfile'],
      [
        'FROM ubuntu:22.04',
        'ENV DEBIAN_FRONTEND=noninteractive',
        'ENV PYTHONUNBUFFERED=1',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN apt-get update && \\',
        '    apt-get install --no-install-recommends -y python3 python3-pip python3-dev gcc git curl && \\',
        '    # node for the asset pipeline',
        '    curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && \\',
        '    apt-get install --no-install-recommends -y nodejs && rm -rf /var/lib/apt/lists/*',
        'COPY requirements.txt /srv/app/requirements.txt',
        'RUN pip3 install --no-cache-dir -r /srv/app/requirements.txt',
        'ADD . /srv/app',
        'WORKDIR /srv/app',
        'RUN npm ci && npm run build',
        'RUN git clone https://git.internal.example/themes.git /srv/themes',
        'EXPOSE 5000',
        'CMD ["python3", "-m", "flask", "run", "--host=0.0.0.0"]',
        '',
      ].join('\n'),
    );
  });
});
