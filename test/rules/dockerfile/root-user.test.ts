import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/root-user';

async function spots(files: Files | string): Promise<string[]> {
  const f = typeof files === 'string' ? { Dockerfile: files } : files;
  return (await findingsOf(RULE, f)).map((x) => `${x.range.start.line + 1}:${x.range.start.character}-${x.range.end.character}`);
}

describe(RULE, () => {
  it('flags a final stage without USER on its image reference', async () => {
    assert.deepEqual(await spots('FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "app"]\n'), ['1:5-21']);
  });

  it('flags a last USER root/0/0:0, resolving ARGs, on the USER argument', async () => {
    assert.deepEqual(await spots('FROM node:20-slim\nUSER node\nRUN id\nUSER root\nCMD ["node", "s.js"]\n'), ['4:5-9']);
    assert.deepEqual(await spots('FROM alpine:3.20\nUSER 0:0\n'), ['2:5-8']);
    assert.deepEqual(await spots('ARG RUN_AS=root\nFROM alpine:3.20\nARG RUN_AS\nUSER ${RUN_AS}\n'), ['4:5-14']);
  });

  it('follows FROM <stage> chains and ignores build stages', async () => {
    const text = ['FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM alpine:3.20 AS runtime', 'RUN adduser -D app', 'USER app', 'FROM runtime', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]', ''].join('\n');
    assert.deepEqual(await spots(text), []);
    // The final stage inherits the chain's root user, reported on its own FROM.
    assert.deepEqual(await spots('FROM alpine:3.20 AS base\nUSER app\nFROM base\nUSER root\n'), ['4:5-9']);
    assert.deepEqual(await spots('FROM alpine:3.20 AS base\nRUN true\nFROM base AS final\nCMD ["sh"]\n'), ['3:5-9']);
  });

  it('does not flag non-root users, unknowable users, explicit nonroot tags or privilege droppers', async () => {
    const ok = [
      'FROM python:3.12-slim\nUSER 10001\n',
      'FROM python:3.12-slim\nUSER app:app\n',
      'FROM python:3.12-slim\nARG APP_UID\nUSER ${APP_UID}\n',
      'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gosu\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
      'FROM alpine:3.20\nCOPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/\nENTRYPOINT ["gosu", "app", "/app"]\n',
      '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCOPY app C:\\app\r\nCMD ["C:\\\\app\\\\app.exe"]\r\n',
    ];
    for (const text of ok) assert.deepEqual(await spots(text), [], text);
  });

  it('is production-only: development files and dev/test/debug final stages are skipped', async () => {
    assert.deepEqual(await spots({ 'Dockerfile.dev': 'FROM node:20\nCMD ["npm", "run", "dev"]\n' }), []);
    assert.deepEqual(await spots('FROM node:20-slim AS prod\nUSER node\nFROM node:20 AS debug\nCMD ["node", "--inspect", "s.js"]\n'), []);
  });

  it('fix (apt): creates a system user and switches before CMD, keeping CRLF', async () => {
    const text = 'FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY . .\r\n# start\r\nCMD ["python", "-m", "app"]\r\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(
      fixed.Dockerfile,
      'FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY . .\r\nRUN groupadd --system app && useradd --system --gid app --no-create-home app\r\nUSER app\r\n# start\r\nCMD ["python", "-m", "app"]\r\n',
    );
  });

  it('fix (apk): adduser -S, after the last USER root', async () => {
    const text = 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nUSER root\nEXPOSE 8080\nENTRYPOINT ["/app"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: text });
    assert.equal(fixed.Dockerfile, 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nUSER root\nEXPOSE 8080\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nENTRYPOINT ["/app"]\n');
  });

  it('fix: reuses a user the Dockerfile creates, node images use "node", distroless "nonroot", scratch a UID', async () => {
    let r = await checkFix(RULE, { Dockerfile: 'FROM python:3.12-slim\nRUN useradd --create-home appuser\nCOPY . /app\nCMD ["python", "/app/main.py"]\n' });
    assert.match(r.fixed.Dockerfile, /\nUSER appuser\nCMD/);
    r = await checkFix(RULE, { Dockerfile: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "s.js"]\n' });
    assert.match(r.fixed.Dockerfile, /\nUSER node\nCMD/);
    r = await checkFix(RULE, { Dockerfile: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]' });
    assert.equal(r.fixed.Dockerfile, 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot\nENTRYPOINT ["/app"]');
    r = await checkFix(RULE, { Dockerfile: 'FROM scratch\nCOPY app /app' });
    assert.equal(r.fixed.Dockerfile, 'FROM scratch\nCOPY app /app\nUSER 10001:10001');
  });

  it('counts one check per Dockerfile', async () => {
    const result = await analyzeFiles({ 'a/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n', 'b/Dockerfile': 'FROM alpine:3.20\n' });
    const tally = result.checks.find((c) => c.rule === RULE);
    assert.deepEqual([tally?.passed, tally?.applicable], [1, 2]);
  });
});
