import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, checkFix, findingsOf } from '../../helpers/workspace';

const RULE = 'shell/tls-verification-disabled';

/** `line:col word` of each finding (1-based), the word read from the file. */
async function flagged(dockerfile: string): Promise<string[]> {
  const found = await findingsOf(RULE, { Dockerfile: dockerfile });
  const lines = dockerfile.split(/\r?\n/);
  return found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe(RULE, () => {
  it('flags every listed form, anchored on the offending word', async () => {
    const df = [
      'FROM debian:bookworm-slim',
      'RUN curl -sSLk https://example.com/x.tgz | tar xz',
      'RUN curl --insecure -o /tmp/a https://example.com/a',
      'RUN wget --no-check-certificate -q https://example.com/b',
      'RUN pip install --trusted-host pypi.internal -r requirements.txt',
      'RUN python3 -m pip install --trusted-host=pypi.internal flask',
      'RUN npm config set strict-ssl false && npm ci',
      'RUN yarn config set strict-ssl false',
      'RUN apt-get install -y --force-yes curl',
      'RUN apk add --allow-untrusted /tmp/pkg.apk',
      'RUN dnf install -y --nogpgcheck tool',
      'RUN rpm -i --nosignature tool.rpm',
      'RUN git -c http.sslVerify=false clone https://git.internal/repo.git',
      'RUN NODE_TLS_REJECT_UNAUTHORIZED=0 node scripts/fetch.js',
      'RUN export GIT_SSL_NO_VERIFY=1 && git clone https://git.internal/r.git',
      'RUN PYTHONHTTPSVERIFY=0 python fetch.py',
      'RUN sudo -E curl -k https://example.com/c -o c',
    ].join('\n');
    assert.deepEqual(await flagged(df), [
      '2:10 -sSLk',
      '3:10 --insecure',
      '4:10 --no-check-certificate',
      '5:17 --trusted-host',
      '6:28 --trusted-host=pypi.internal',
      '7:20 strict-ssl',
      '8:21 strict-ssl',
      '9:24 --force-yes',
      '10:13 --allow-untrusted',
      '11:20 --nogpgcheck',
      '12:12 --nosignature',
      '13:9 -c',
      '14:5 NODE_TLS_REJECT_UNAUTHORIZED=0',
      '15:12 GIT_SSL_NO_VERIFY=1',
      '16:5 PYTHONHTTPSVERIFY=0',
      '17:18 -k',
    ]);
  });

  it('flags ENV and ARG defaults', async () => {
    const df = 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nARG GIT_SSL_NO_VERIFY=true\nCMD ["node", "server.js"]\n';
    const found = await findingsOf(RULE, { Dockerfile: df });
    assert.deepEqual(found.map((f) => f.range.start.line), [1, 2]);
    assert.match(found[0].message, /ENV NODE_TLS_REJECT_UNAUTHORIZED=0.*running container/);
  });

  it('does not flag look-alikes', async () => {
    const df = [
      'FROM debian:bookworm-slim',
      'RUN echo "use curl -k only for testing" > /etc/motd',
      'RUN ssh-keygen -k -f /tmp/krl',
      'RUN grep -k foo file || true',
      'RUN curl -fsSL -o /tmp/k https://example.com/k',
      'RUN curl -sok https://example.com/out',
      'RUN pip install --index-url https://pypi.internal/simple flask',
      'RUN npm config set strict-ssl true',
      'RUN git -c http.sslVerify=true clone https://example.com/r.git',
      'RUN NODE_TLS_REJECT_UNAUTHORIZED=1 node x.js',
      'ENV GIT_SSL_NO_VERIFY=false PIP_TRUSTED_HOST=',
      'RUN apt-get install -y --no-install-recommends curl',
      'HEALTHCHECK CMD curl -fsk https://localhost:8443/healthz || exit 1',
    ].join('\n');
    assert.deepEqual(await flagged(df), []);
  });

  it('looks inside sh -c scripts, heredocs, exec-form shells and ONBUILD', async () => {
    const df = [
      'FROM alpine:3.20',
      `RUN sh -c 'curl -k https://example.com/x -o x'`,
      'RUN <<EOF',
      'set -e',
      'wget --no-check-certificate https://example.com/y',
      'EOF',
      'RUN ["/bin/sh", "-c", "apk add --allow-untrusted /tmp/p.apk"]',
      'ONBUILD RUN curl -k https://example.com/z -o z',
    ].join('\n');
    assert.deepEqual(await flagged(df), ['2:17 -k', '5:6 --no-check-certificate', '7:32 --allow-untrusted', '8:18 -k']);
  });

  it('passes a clean Dockerfile', async () => {
    const result = await analyzeFiles({ Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' });
    assert.deepEqual(result.checks.find((c) => c.rule === RULE), { rule: RULE, category: 'security', severity: 'error', passed: 1, applicable: 1 });
  });

  describe('fixes', () => {
    it('removes a flag alone on a continuation line with its line', async () => {
      const { fixed } = await checkFix(RULE, {
        Dockerfile: 'FROM debian:bookworm\r\nRUN curl -fsSL \\\r\n      -k \\\r\n      https://example.com/setup.sh -o /tmp/s.sh\r\n',
      });
      assert.equal(fixed.Dockerfile, 'FROM debian:bookworm\r\nRUN curl -fsSL \\\r\n      https://example.com/setup.sh -o /tmp/s.sh\r\n');
    });

    it('removes k from a short-option cluster', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM debian:bookworm\nRUN curl -sSLk https://x.example/a.tgz | tar xz\n' });
      assert.equal(fixed.Dockerfile, 'FROM debian:bookworm\nRUN curl -sSL https://x.example/a.tgz | tar xz\n');
    });

    it('removes a trailing flag without leaving a dangling continuation', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM debian:bookworm\nRUN wget -q https://x.example/a \\\n    --no-check-certificate\nCMD ["a"]\n' });
      assert.equal(fixed.Dockerfile, 'FROM debian:bookworm\nRUN wget -q https://x.example/a\nCMD ["a"]\n');
    });

    it('removes --trusted-host with its value', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM python:3.12\nRUN pip install --no-cache-dir --trusted-host pypi.internal -r req.txt\n' });
      assert.equal(fixed.Dockerfile, 'FROM python:3.12\nRUN pip install --no-cache-dir -r req.txt\n');
    });

    it('removes git -c http.sslVerify=false', async () => {
      const stage = 'FROM alpine/git AS themes\nRUN git -c http.sslVerify=false clone https://git.example/r.git /themes\n';
      const rest = 'FROM nginx:1.27\nCOPY --from=themes /themes /usr/share/nginx/html\n';
      const { fixed } = await checkFix(RULE, { Dockerfile: stage + rest });
      assert.equal(fixed.Dockerfile, 'FROM alpine/git AS themes\nRUN git clone https://git.example/r.git /themes\n' + rest);
    });

    it('removes a command prefix assignment', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n' });
      assert.equal(fixed.Dockerfile, 'FROM node:20\nRUN npm ci\n');
    });

    it('removes an export and its connector', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && \\\n    npm ci\n' });
      assert.equal(fixed.Dockerfile, 'FROM node:20\nRUN npm ci\n');
    });

    it('removes npm config set strict-ssl false from a list', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nRUN npm ci; npm config set strict-ssl false\n' });
      assert.equal(fixed.Dockerfile, 'FROM node:20\nRUN npm ci\n');
    });

    it('removes one ENV property and keeps the others', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nENV NODE_ENV=production \\\n    NODE_TLS_REJECT_UNAUTHORIZED=0\nCMD ["node", "s.js"]\n' });
      assert.equal(fixed.Dockerfile, 'FROM node:20\nENV NODE_ENV=production\nCMD ["node", "s.js"]\n');
    });

    it('removes a lone ENV instruction', async () => {
      const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nCMD ["node", "s.js"]\n' });
      assert.equal(fixed.Dockerfile, 'FROM node:20\nCMD ["node", "s.js"]\n');
    });

    it('offers no fix when removing the command would break the script', async () => {
      const [f] = await findingsOf(RULE, { Dockerfile: 'FROM node:20\nRUN if true; then npm config set strict-ssl false; fi\n' });
      assert.deepEqual(f.fixes.filter((x) => x.title.startsWith('Remove')), []);
    });
  });
});
