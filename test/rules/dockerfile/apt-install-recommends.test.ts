import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/apt-install-recommends';

async function flagged(dockerfile: string): Promise<string[]> {
  const found = await findingsOf(RULE, { Dockerfile: dockerfile });
  const lines = dockerfile.split(/\r?\n/);
  return found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe(RULE, () => {
  it('flags installs of the final image, including heredocs and continuations', async () => {
    const df = [
      'FROM python:3.12-slim',
      'RUN apt-get update \\',
      '    # system libraries for psycopg',
      ' && apt-get -y install libpq5 \\',
      ' && rm -rf /var/lib/apt/lists/*',
      'RUN <<EOF',
      'set -eux',
      'apt-get update',
      'apt install -y tini',
      'EOF',
    ].join('\n');
    assert.deepEqual(await flagged(df), ['4:16 install', '9:5 install']);
  });

  it('leaves builder stages, flagged-off installs and apt.conf settings alone', async () => {
    const df = [
      'FROM debian:bookworm AS build',
      'RUN apt-get update && apt-get install -y build-essential',
      'FROM debian:bookworm-slim AS base',
      `RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends`,
      'FROM base',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    ].join('\n');
    assert.deepEqual(await flagged(df), []);
    const df2 = [
      'FROM ubuntu:24.04',
      'RUN apt-get update && apt-get install -y curl --no-install-recommends',
      'RUN apt-get -o APT::Install-Recommends=false install -y jq',
      'RUN apt-get update && apt-get upgrade -y && apt-get remove -y curl',
    ].join('\n');
    assert.deepEqual(await flagged(df2), []);
    const result = await analyzeFiles({ Dockerfile: df2 });
    assert.equal(result.checks.find((c) => c.rule === RULE)?.passed, 2);
  });

  it('follows the stage chain of the final image', async () => {
    const df = 'FROM debian:bookworm-slim AS runtime-base\nRUN apt-get update && apt-get install -y ca-certificates\nFROM runtime-base\nCMD ["bash"]\n';
    assert.deepEqual(await flagged(df), ['2:31 install']);
  });

  it('fix inserts --no-install-recommends after install (CRLF kept)', async () => {
    const { fixed } = await checkFix(RULE, {
      Dockerfile: 'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n && apt-get install -y curl \\\r\n && rm -rf /var/lib/apt/lists/*\r\n',
    });
    assert.equal(fixed.Dockerfile, 'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n && apt-get install --no-install-recommends -y curl \\\r\n && rm -rf /var/lib/apt/lists/*\r\n');
  });

  it('fix works with the backtick escape', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: '# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install -y curl\n' });
    assert.equal(fixed.Dockerfile, '# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install --no-install-recommends -y curl\n');
  });
});
