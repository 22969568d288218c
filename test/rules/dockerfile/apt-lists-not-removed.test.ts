import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/apt-lists-not-removed';

async function flaggedLines(dockerfile: string): Promise<number[]> {
  return (await findingsOf(RULE, { Dockerfile: dockerfile })).map((f) => f.range.start.line + 1);
}

describe(RULE, () => {
  it('flags RUNs of the final image that install without removing the lists', async () => {
    const df = [
      'FROM debian:bookworm AS build',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc',
      'FROM debian:bookworm-slim',
      'RUN apt-get update \\',
      ' && apt-get install -y --no-install-recommends curl',
      'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
      'RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\',
      '    apt-get update && apt-get install -y --no-install-recommends jq',
      'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends git',
      'RUN apt-get update && apt-get install -y --no-install-recommends make && apt-get clean && rm -rf /var/lib/apt/lists /tmp/*',
    ].join('\n');
    assert.deepEqual(await flaggedLines(df), [5, 9]);
    const [f] = await findingsOf(RULE, { Dockerfile: df });
    assert.equal(f.range.start.character, 4);
    assert.equal(f.range.end.character, 11);
  });

  it('fix appends the removal before a trailing comment', async () => {
    const { fixed } = await checkFix(RULE, {
      Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # curl for the healthcheck\n && apt-get install -y --no-install-recommends curl # pinned by the base\nCMD ["bash"]\n',
    });
    assert.equal(
      fixed.Dockerfile,
      'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # curl for the healthcheck\n && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* # pinned by the base\nCMD ["bash"]\n',
    );
  });

  it('fix adds a last line to a heredoc script (CRLF kept)', async () => {
    const { fixed } = await checkFix(RULE, {
      Dockerfile: 'FROM debian:bookworm-slim\r\nRUN <<EOF\r\nset -eux\r\n  apt-get update\r\n  apt-get install -y --no-install-recommends ca-certificates\r\nEOF\r\n',
    });
    assert.equal(
      fixed.Dockerfile,
      'FROM debian:bookworm-slim\r\nRUN <<EOF\r\nset -eux\r\n  apt-get update\r\n  apt-get install -y --no-install-recommends ca-certificates\r\n  rm -rf /var/lib/apt/lists/*\r\nEOF\r\n',
    );
  });

  it('fix goes inside an exec-form sh -c string', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM debian:bookworm-slim\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y --no-install-recommends git"]\n' });
    assert.equal(fixed.Dockerfile, 'FROM debian:bookworm-slim\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*"]\n');
  });

  it('offers no fix when the script ends in a background job', async () => {
    const [f] = await findingsOf(RULE, { Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x &\n' });
    assert.deepEqual(f.fixes.filter((x) => !/readiness-ignore|Suppress/i.test(x.title)), []);
  });
});
