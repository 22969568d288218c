import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/healthcheck-tool-missing';

async function spots(files: Files | string): Promise<string[]> {
  const f = typeof files === 'string' ? { Dockerfile: files } : files;
  return (await findingsOf(RULE, f)).map((x) => `${x.range.start.line + 1}:${x.range.start.character}-${x.range.end.character} ${(x.data as { binary: string }).binary}`);
}

const SLIM = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\n';

describe(RULE, () => {
  it('flags curl on a slim image, on the binary word', async () => {
    assert.deepEqual(await spots(SLIM + 'HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1\n'), ['5:31-35 curl']);
  });

  it('flags exec form and sh -c scripts', async () => {
    assert.deepEqual(await spots('FROM node:20-alpine\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/"]\n'), ['2:17-23 curl']);
    assert.deepEqual(await spots('FROM debian:12-slim\nHEALTHCHECK CMD ["sh", "-c", "nc -z localhost 5432"]\n'), ['2:30-32 nc']);
  });

  it('flags a shell-form check in an image without /bin/sh', async () => {
    const found = await spots('FROM gcr.io/distroless/static-debian12\nCOPY app /app\nHEALTHCHECK CMD /app healthcheck\nENTRYPOINT ["/app"]\n');
    assert.deepEqual(found, ['3:16-32 sh']);
  });

  it('uses the check in effect: the last one, inherited through FROM <stage>', async () => {
    const text = 'FROM python:3.12-slim AS base\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nFROM base\nCOPY . .\n';
    assert.deepEqual(await spots(text), ['2:16-20 curl']);
    assert.deepEqual(await spots(SLIM + 'HEALTHCHECK CMD curl -f http://localhost:8000/\nHEALTHCHECK NONE\n'), []);
  });

  it('does not flag binaries the image has or gets', async () => {
    const ok = [
      'FROM python:3.12\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n',
      'FROM alpine:3.20\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/ || exit 1\n',
      'FROM nginx:1.27-alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
      'FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nFROM base\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n',
      'FROM python:3.12-slim\nCOPY --from=curlimages/curl:8.8.0 /usr/bin/curl /usr/local/bin/curl\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n',
      SLIM + 'HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"\n',
      SLIM + 'HEALTHCHECK CMD curl -f http://localhost:8000/ || python3 -c "import sys; sys.exit(0)"\n',
      'FROM ghcr.io/acme/base:2\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
      'FROM python:3.12-slim\nCOPY tools/ /usr/\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
      'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nHEALTHCHECK CMD ["/app", "health"]\n',
    ];
    for (const text of ok) assert.deepEqual(await spots(text), [], text);
  });

  it('flags a tool a later step removes again', async () => {
    const text = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n';
    assert.deepEqual(await spots(text), ['4:16-20 curl']);
  });

  it('fix: rewrite with python3, keeping the URL and the options', async () => {
    const text = SLIM + 'HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8000/healthz || exit 1\nCMD ["gunicorn", "app.wsgi"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text }, 'Probe with python3 instead of curl');
    assert.equal(
      fixed.Dockerfile,
      SLIM + 'HEALTHCHECK --interval=30s --timeout=3s CMD python3 -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/healthz\', timeout=3)"\nCMD ["gunicorn", "app.wsgi"]\n',
    );
  });

  it('fix: rewrite exec form with node', async () => {
    const text = 'FROM node:20-slim\nCOPY . .\nHEALTHCHECK CMD ["wget", "-qO-", "http://localhost:3000/health"]\nCMD ["node", "s.js"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text }, 'Probe with node instead of wget');
    assert.match(fixed.Dockerfile, /HEALTHCHECK CMD node -e "fetch\('http:\/\/localhost:3000\/health'\)/);
  });

  it('fix: install with apt-get before the HEALTHCHECK', async () => {
    const text = SLIM + '# probe\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text }, 'Install curl in the image (apt-get)');
    assert.equal(fixed.Dockerfile, SLIM + 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n# probe\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n');
  });

  it('fix: install with apk as root, then back to the user', async () => {
    const text = 'FROM node:20-alpine\r\nCOPY . .\r\nUSER node\r\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\r\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text }, 'Install curl in the image (apk)');
    assert.equal(fixed.Dockerfile, 'FROM node:20-alpine\r\nCOPY . .\r\nUSER node\r\nUSER root\r\nRUN apk add --no-cache curl\r\nUSER node\r\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\r\n');
  });

  it('offers no rewrite for checks that are more than one request', async () => {
    const found = await findingsOf(RULE, { Dockerfile: SLIM + 'HEALTHCHECK CMD curl -f http://localhost:8000/ && test -f /tmp/ready\n' });
    assert.deepEqual(found[0].fixes.map((f) => f.title), ['Install curl in the image (apt-get)']);
  });
});
