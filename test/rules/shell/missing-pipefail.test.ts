import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'shell/missing-pipefail';

async function flaggedLines(dockerfile: string): Promise<number[]> {
  return (await findingsOf(RULE, { Dockerfile: dockerfile })).map((f) => f.range.start.line + 1);
}

describe(RULE, () => {
  it('flags piped RUNs without pipefail, on the pipe', async () => {
    const df = 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt\n';
    const [f] = await findingsOf(RULE, { Dockerfile: df });
    assert.deepEqual([f.range.start.line, f.range.start.character, f.range.end.character], [1, 41, 42]);
    assert.match(f.message, /^`curl \| tar` runs without pipefail: `curl` failing is ignored/);
  });

  it('honours SHELL -o pipefail (also inherited through FROM <stage>) and set -o pipefail before the pipe', async () => {
    const df = [
      'FROM python:3.12-slim AS base',
      'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]',
      'RUN pip freeze | grep -i flask',
      'FROM base',
      'RUN pip list | grep x',
      'FROM debian:bookworm-slim',
      'RUN set -eux; curl -fsSL https://example.com/k | gpg --dearmor -o /k.gpg',
      'RUN set -euo pipefail; curl -fsSL https://example.com/k | gpg --dearmor -o /k.gpg',
      'RUN a | b; set -o pipefail',
      'RUN test -f /x || echo "no | pipe" && cat /x',
      'RUN echo "deb [signed-by=/k.gpg] https://apt.example.com stable main" | tee /etc/apt/sources.list.d/x.list',
      'RUN printf "a\\nb\\n" | sort | uniq -c',
    ].join('\n');
    assert.deepEqual(await flaggedLines(df), [7, 9, 12]);
    const result = await analyzeFiles({ Dockerfile: df });
    assert.equal(result.checks.find((c) => c.rule === RULE)?.passed, 4);
  });

  it('a SHELL in an unrelated stage does not protect another stage', async () => {
    const df = 'FROM debian:bookworm-slim AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:bookworm-slim\nRUN cat /etc/os-release | grep ID\n';
    assert.deepEqual(await flaggedLines(df), [4]);
  });

  it('checks heredoc scripts and exec-form shells with the rules of their interpreter', async () => {
    const df = [
      'FROM ubuntu:24.04',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN <<EOF',
      'set -e',
      'curl -fsSL https://example.com/x | tee /tmp/x',
      'EOF',
      'RUN bash <<EOF',
      'cat /a | wc -l',
      'EOF',
      'RUN <<EOF',
      '#!/bin/bash',
      'cat /b | wc -l',
      'EOF',
      'RUN ["/bin/bash", "-c", "cat /c | wc -l"]',
      'RUN ["/bin/bash", "-o", "pipefail", "-c", "cat /d | wc -l"]',
    ].join('\n');
    // The SHELL covers `RUN <<EOF` without a shebang only; bash reading a heredoc or a script file does not get it.
    assert.deepEqual(await flaggedLines(df), [8, 12, 14]);
  });

  describe('fixes', () => {
    it('adds SHELL bash -o pipefail before the first piped RUN on Debian-based images (dash cannot)', async () => {
      const { fixed, fix } = await checkFix(RULE, {
        Dockerfile: 'FROM python:3.12-slim\r\nRUN echo ok\r\nRUN pip freeze | grep flask\r\nRUN pip list | grep x\r\n',
      });
      assert.equal(fix.title, 'Add SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
      assert.equal(fixed.Dockerfile, 'FROM python:3.12-slim\r\nRUN echo ok\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN pip freeze | grep flask\r\nRUN pip list | grep x\r\n');
    });

    it('prepends set -o pipefail on Alpine (busybox ash supports it)', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM alpine:3.20\nRUN wget -qO- https://example.com/z.tgz \\\n  | tar xz\n' });
      assert.equal(fixed.Dockerfile, 'FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/z.tgz \\\n  | tar xz\n');
    });

    it('prepends set -o pipefail when the SHELL is bash', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN pip freeze | grep flask\n' });
      assert.equal(fixed.Dockerfile, 'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN set -o pipefail && pip freeze | grep flask\n');
    });

    it('inserts set -o pipefail after the shebang of a bash heredoc', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM ubuntu:24.04\nRUN <<EOF\n#!/bin/bash\nset -e\ncat /b | wc -l\nEOF\n' });
      assert.equal(fixed.Dockerfile, 'FROM ubuntu:24.04\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\nset -e\ncat /b | wc -l\nEOF\n');
    });

    it('fixes inside an exec-form bash -c string', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM ubuntu:24.04\nRUN ["/bin/bash", "-c", "cat /c | wc -l"]\n' });
      assert.equal(fixed.Dockerfile, 'FROM ubuntu:24.04\nRUN ["/bin/bash", "-c", "set -o pipefail && cat /c | wc -l"]\n');
    });

    it('offers no fix when the image may lack bash', async () => {
      const [f] = await findingsOf(RULE, { Dockerfile: 'FROM registry.example.com/base:1\nRUN cat /a | wc -l\n' });
      assert.deepEqual(f.fixes.filter((x) => /pipefail/.test(x.title)), []);
    });
  });
});
