// Realistic Dockerfiles (multi-stage, ARG-parameterised bases, heredocs, ONBUILD, `# escape=`,
// CRLF) checked end to end against the image-level rules: every finding, exactly, so that both what
// is flagged and what is not are pinned. Fixes are applied to the real files too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, type Files } from '../../helpers/workspace';

const ROOT = join(__dirname, '../../fixtures/dockerfile');
const RULES = /^dockerfile\/(root-user|unpinned-base-image|shell-form-entrypoint|missing-cmd|missing-healthcheck|healthcheck-tool-missing|secret-in-arg-env|copy-sensitive-file)$/;

function load(dir: string): Files {
  const files: Files = {};
  (function walk(d: string) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(join(ROOT, dir), p).replace(/\\/g, '/')] = readFileSync(p, 'utf8');
    }
  })(join(ROOT, dir));
  return files;
}

/** `file:line:col rule text-under-the-range` (1-based), in report order. */
async function findings(files: Files): Promise<string[]> {
  const result = await analyzeFiles(files);
  return result.findings
    .filter((f) => RULES.test(f.rule))
    .map((f) => {
      const line = files[f.file!].split(/\r?\n/)[f.range.start.line];
      const end = f.range.start.line === f.range.end.line ? f.range.end.character : undefined;
      return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${line.slice(f.range.start.character, end)}`;
    });
}

describe('dockerfile fixtures (image-level rules)', () => {
  it('fastapi-multistage: builder stage ignored, .env copied, curl missing from -slim', async () => {
    const files = load('fastapi-multistage');
    assert.deepEqual(await findings(files), [
      'Dockerfile:28:6 dockerfile/copy-sensitive-file .env',
      'Dockerfile:33:7 dockerfile/healthcheck-tool-missing curl',
    ]);
    const rewrite = await checkFix('dockerfile/healthcheck-tool-missing', files, 'Probe with python3 instead of curl');
    assert.match(rewrite.fixed.Dockerfile, /\n {2}CMD python3 -c "import urllib\.request; urllib\.request\.urlopen\('http:\/\/localhost:8000\/healthz', timeout=3\)"\n/);
    // The runtime stage switched to `app`: the install runs as root and switches back.
    const install = await checkFix('dockerfile/healthcheck-tool-missing', files, 'Install curl in the image (apt-get)');
    assert.match(install.fixed.Dockerfile, /\nUSER app\nEXPOSE 8000\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf \/var\/lib\/apt\/lists\/\*\nUSER app\n# curl is not in -slim images\nHEALTHCHECK/);
  });

  it('next-standalone: .npmrc stays in the deps stage, shell-form CMD, no HEALTHCHECK', async () => {
    const files = load('next-standalone');
    assert.deepEqual(await findings(files), [
      'Dockerfile:17:6 dockerfile/missing-healthcheck base',
      'Dockerfile:30:5 dockerfile/shell-form-entrypoint node server.js',
    ]);
    const json = await checkFix('dockerfile/shell-form-entrypoint', files);
    assert.equal(json.fix.safety, 'safe');
    assert.match(json.fixed.Dockerfile, /\nCMD \["node", "server\.js"\]\n$/);
    const hc = await checkFix('dockerfile/missing-healthcheck', files);
    assert.match(hc.fixed.Dockerfile, /\nENV PORT=3000 HOSTNAME="0\.0\.0\.0"\nHEALTHCHECK .* CMD wget -q -O \/dev\/null http:\/\/localhost:3000\/health \|\| exit 1\nCMD node server\.js\n$/);
  });

  it('go-distroless: untagged distroless runs as root; exec-form check and test stage are fine', async () => {
    const files = load('go-distroless');
    assert.deepEqual(await findings(files), [
      'Dockerfile:14:6 dockerfile/root-user gcr.io/distroless/static-debian12',
      'Dockerfile:14:6 dockerfile/unpinned-base-image gcr.io/distroless/static-debian12',
    ]);
    const { fixed } = await checkFix('dockerfile/root-user', files);
    assert.match(fixed.Dockerfile, /\nHEALTHCHECK CMD \["\/api", "-healthcheck"\]\nUSER nonroot\nENTRYPOINT \["\/api"\]\n$/);
  });

  it('django-heredoc: heredocs parsed, test stage skipped, ONBUILD base image left alone', async () => {
    const files = load('django-heredoc');
    assert.deepEqual(await findings(files), [
      'Dockerfile:19:6 dockerfile/missing-healthcheck base',
      'Dockerfile:21:23 dockerfile/secret-in-arg-env "django-insecure-5x!k9#q2w@e7r"',
      'Dockerfile:29:6 dockerfile/root-user root',
      'Dockerfile:30:57 dockerfile/shell-form-entrypoint gunicorn',
    ]);
    const exec = await checkFix('dockerfile/shell-form-entrypoint', files);
    assert.match(exec.fixed.Dockerfile, /"python manage\.py migrate --noinput && exec gunicorn config\.wsgi -c \/srv\/gunicorn\.conf\.py"\]\n$/);
    const user = await checkFix('dockerfile/root-user', files);
    assert.match(user.fixed.Dockerfile, /\nUSER root\nRUN groupadd --system app && useradd --system --gid app --no-create-home app\nUSER app\nCMD \["sh"/);
  });

  it('windows-escape: backtick escapes and CRLF; POSIX-only rules stay quiet', async () => {
    const files = load('windows-escape');
    assert.ok(files.Dockerfile.includes('\r\n'));
    assert.deepEqual(await findings(files), [
      'Dockerfile:3:6 dockerfile/missing-healthcheck mcr.microsoft.com/windows/servercore:ltsc2022',
      'Dockerfile:5:30 dockerfile/secret-in-arg-env Winter2024!',
      'Dockerfile:9:6 dockerfile/copy-sensitive-file deploy\\.env',
    ]);
  });
});
