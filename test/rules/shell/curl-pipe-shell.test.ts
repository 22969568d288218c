import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, findingsOf } from '../../helpers/workspace';

const RULE = 'shell/curl-pipe-shell';

async function flagged(dockerfile: string): Promise<string[]> {
  const found = await findingsOf(RULE, { Dockerfile: dockerfile });
  const lines = dockerfile.split(/\r?\n/);
  return found.map((f) => `${f.range.start.line + 1} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe(RULE, () => {
  it('flags downloads run by an interpreter, anchored on the interpreter', async () => {
    const df = [
      'FROM debian:bookworm-slim',
      'RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
      'RUN wget -qO- https://get.docker.com | sudo sh',
      'RUN curl -sSL https://install.python-poetry.org | python3 -',
      'RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"',
      'RUN bash <(curl -s https://example.com/i.sh)',
      'RUN wget -O - https://example.com/i.sh | sh -s -- --yes',
      'RUN curl -fsSL https://example.com/i.sh | tee /tmp/i.sh | bash',
      'RUN eval "$(curl -fsSL https://example.com/env)"',
      'RUN set -e; \\',
      '    curl -fsSL https://example.com/i.sh \\',
      '      | sudo -E bash -s -- --channel stable',
    ].join('\n');
    assert.deepEqual(await flagged(df), ['2 bash', '3 sh', '4 python3', '5 sh', '6 bash', '7 sh', '8 bash', '9 eval', '12 bash']);
    const [first] = await findingsOf(RULE, { Dockerfile: df });
    assert.match(first.message, /`curl … \| bash` runs whatever https:\/\/deb\.nodesource\.com\/setup_20\.x returns/);
  });

  it('does not flag downloads piped into data tools or saved to a file', async () => {
    const df = [
      'FROM debian:bookworm-slim',
      'RUN curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg',
      'RUN curl -fsSL https://example.com/x.tar.gz | tar xz -C /opt',
      `RUN curl -fsSL https://api.example.com/v | python3 -c "import json,sys; print(json.load(sys.stdin)['v'])"`,
      'RUN curl -fsSL https://api.example.com/v | python3 -m json.tool',
      'RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && sh /tmp/i.sh',
      'RUN wget https://example.com/i.sh | sh',
      `RUN curl https://example.com/x | bash -c 'cat > /x'`,
      'RUN echo "curl https://example.com/i.sh | sh"',
      'RUN cat install.sh | sh',
    ].join('\n');
    assert.deepEqual(await flagged(df), []);
  });

  it('checks CMD, heredocs, exec-form shells and sh -c strings', async () => {
    const df = [
      'FROM alpine:3.20',
      'RUN <<EOF',
      'apk add --no-cache curl',
      'curl -fsSL https://example.com/i.sh | sh',
      'EOF',
      `RUN sh -c 'wget -qO- https://example.com/j.sh | sh'`,
      'CMD ["/bin/sh", "-c", "curl -fsSL https://example.com/boot.sh | sh"]',
    ].join('\n');
    assert.deepEqual(await flagged(df), ['4 sh', '6 sh', '7 sh']);
  });

  it('counts one passing check for a clean Dockerfile', async () => {
    const result = await analyzeFiles({ Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' });
    assert.equal(result.checks.find((c) => c.rule === RULE)?.passed, 1);
  });
});
