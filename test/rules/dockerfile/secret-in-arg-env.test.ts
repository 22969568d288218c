import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCredential, isSecretName, redact, redactMatch } from '../../../rules/dockerfile/_secrets';
import { analyzeFiles, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/secret-in-arg-env';

async function spots(text: string): Promise<string[]> {
  return (await findingsOf(RULE, { Dockerfile: text })).map((f) => `${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.character}`);
}

// Credential-shaped strings assembled at run time, so this file itself holds no token literal.
const GH = 'ghp' + '_' + 'Zk3Qw9Lm2Xv8Rt5Yp1Bn7Cd4Fg6Hj0Ks2Lq9Wx';
const AWS = 'AKIA' + 'IOSFODNN7EXAMPL3';
const JWT = 'eyJhbGciOiJIUzI1NiJ9' + '.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe(RULE, () => {
  it('flags literal values of secret-like names, on the value', async () => {
    const text = ['FROM python:3.12-slim', 'ARG DB_PASSWORD=changeme', 'ENV DJANGO_SECRET_KEY="django-insecure-7h#k2!x9q" DEBUG=0', 'ENV STRIPE_API_KEY sk_fake_value_123', ''].join('\n');
    assert.deepEqual(await spots(text), ['2:16-24', '3:22-49', '4:19-36']);
  });

  it('flags known credential formats whatever the name', async () => {
    const text = ['FROM node:20-slim', `ENV GH_PUBLIC_MIRROR=${GH}`, `ARG BUILD_ID=${AWS}`, `ENV SUPABASE_ANON=${JWT}`, 'ENV DATABASE_URL=postgres://app:s3cretpass@db:5432/app', ''].join('\n');
    const found = await findingsOf(RULE, { Dockerfile: text });
    assert.deepEqual(
      found.map((f) => (f.data as { kind: string }).kind),
      ['GitHub token', 'AWS access key ID', 'JSON Web Token', 'password in URL'],
    );
  });

  it('never prints the secret', async () => {
    const text = `FROM alpine:3.20\nENV GITHUB_TOKEN=${GH}\nENV REDIS_PASSWORD=hunter2hunter2\nENV DATABASE_URL=postgres://app:s3cretpass@db/app\n`;
    const found = await findingsOf(RULE, { Dockerfile: text });
    assert.equal(found.length, 3);
    for (const f of found) {
      assert.ok(!f.message.includes(GH) && !f.message.includes('hunter2hunter2') && !f.message.includes('s3cretpass'), f.message);
    }
    assert.match(found[2].message, /postgres:\/\/app:\*\*\*\*@db\/app/);
  });

  it('does not flag references, empty values, switches or names about secrets', async () => {
    const text = [
      'ARG NPM_TOKEN',
      'FROM node:20-slim',
      'ARG NPM_TOKEN',
      'ENV NPM_TOKEN=${NPM_TOKEN}',
      'ENV DB_PASSWORD=$DB_PASSWORD',
      'ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
      'ENV POSTGRES_PASSWORD_FILE=/run/secrets/pg_password',
      'ENV SECRETS_DIR=/run/secrets TOKEN_URL=https://auth.example.com/oauth/token',
      'ENV ACCESS_TOKEN_EXPIRE_MINUTES=30 PASSWORD_MIN_LENGTH=12',
      'ENV NEXT_PUBLIC_API_TOKEN=pk_live_public STRIPE_PUBLISHABLE_KEY=pk_live_123456789',
      'ENV AWS_ACCESS_KEY_ID= AUTH_ENABLED=true',
      'ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
      'ENV PWD=/app',
      '',
    ].join('\n');
    assert.deepEqual(await spots(text), []);
  });

  it('checks ONBUILD and global ARGs', async () => {
    assert.deepEqual(await spots('ARG API_KEY=abcd1234efgh\nFROM alpine:3.20\nONBUILD ENV SERVICE_TOKEN=tok_5f2a9c\n'), ['1:12-24', '3:26-36']);
  });

  it('handles # escape=` and CRLF', async () => {
    const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nENV ADMIN_PASSWORD=P@ssw0rd!\r\n';
    assert.deepEqual(await spots(text), ['3:19-28']);
  });

  it('counts one check per Dockerfile', async () => {
    const result = await analyzeFiles({ 'a/Dockerfile': 'FROM alpine:3.20\nENV X=1\n', 'b/Dockerfile': 'FROM alpine:3.20\nENV API_TOKEN=zzzzzzzzzz\n' });
    const tally = result.checks.find((c) => c.rule === RULE);
    assert.deepEqual([tally?.passed, tally?.applicable], [1, 2]);
  });
});

describe('_secrets helpers', () => {
  it('recognises secret names by token, not substring', () => {
    for (const n of ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'JWT_SECRET', 'githubToken', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE', 'DB_PASS', 'SSH_PRIVATE_KEY', 'GOOGLE_APPLICATION_CREDENTIALS_JSON']) {
      assert.ok(isSecretName(n), n);
    }
    for (const n of ['PASSPORT_STRATEGY', 'BYPASS_CACHE', 'TOKENIZER_MODEL', 'PWD', 'AWS_ACCESS_KEY_ID', 'TOKEN_ENDPOINT', 'SECRET_FILE', 'PUBLIC_KEY', 'KEYCLOAK_REALM', 'MONKEY']) {
      assert.ok(!isSecretName(n), n);
    }
  });

  it('detects formats only on their vendor shape', () => {
    assert.equal(detectCredential(GH)?.kind, 'GitHub token');
    assert.equal(detectCredential(`x ${AWS} y`)?.kind, 'AWS access key ID');
    assert.equal(detectCredential('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn')?.kind, 'private key');
    assert.equal(detectCredential('xoxb-1234567890-abcdefghij')?.kind, 'Slack token');
    assert.equal(detectCredential('glpat-' + 'a1b2c3d4e5f6g7h8i9j0')?.kind, 'GitLab token');
    assert.equal(detectCredential('https://user:pass1234@example.com/x')?.kind, 'password in URL');
    for (const v of ['https://example.com/path', 'postgres://app:${PW}@db/app', 'redis://:****@cache:6379', 'AKIAshort', 'ghp_short', 'eyJ.eyJ.x', '/usr/local/bin:/usr/bin']) {
      assert.equal(detectCredential(v), undefined, v);
    }
  });

  it('redacts', () => {
    assert.equal(redact('hunter2'), '****');
    assert.equal(redact('abcdefghij'), 'ab…ij');
    assert.equal(redact(GH), 'ghp_…Wx');
    const url = 'postgres://app:s3cretpass@db/app';
    assert.equal(redactMatch(url, detectCredential(url)!), 'postgres://app:****@db/app');
    const same = 'postgresql://shop:shop@db:5432/shop';
    assert.equal(redactMatch(same, detectCredential(same)!), 'postgresql://shop:****@db:5432/shop', 'a user equal to the password is not the masked part');
  });
});
