import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/default-credential';

describe(RULE, () => {
  it('flags literal secrets and literal fallbacks in map and list environments, on the value', async () => {
    const compose = lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: app',
      '      POSTGRES_PASSWORD: postgres',
      '  grafana:',
      '    image: grafana/grafana:11.1.0',
      '    environment:',
      '      - GF_SECURITY_ADMIN_PASSWORD=admin',
      '      - GF_SERVER_ROOT_URL=https://grafana.example.com',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    environment:',
      '      JWT_SECRET: ${JWT_SECRET:-change-me-in-prod}',
      '      DATABASE_URL: postgresql://app:s3cr3t-pw@db:5432/app',
      '  mysql:',
      '    image: mysql:8.4',
      '    environment: {MYSQL_ROOT_PASSWORD: "r00tpass"}',
    );
    const files = { 'docker-compose.dev.yml': compose };
    assert.deepEqual(await spots(RULE, files), [
      'docker-compose.dev.yml:6:25',
      'docker-compose.dev.yml:10:35',
      'docker-compose.dev.yml:15:18',
      'docker-compose.dev.yml:16:20',
      'docker-compose.dev.yml:19:39',
    ]);
    const msgs = (await findingsOf(RULE, files)).map((f) => f.message);
    assert.match(msgs[0], /`POSTGRES_PASSWORD` to a literal value \(`\*\*\*\*`, a well-known default\)/);
    assert.match(msgs[2], /falls back to a literal `JWT_SECRET`/);
    assert.match(msgs[3], /postgresql:\/\/app:\*\*\*\*@db/);
    assert.ok(msgs.every((m) => !m.includes('s3cr3t-pw') && !m.includes('r00tpass')), 'secrets are redacted');
  });

  it('flags redis --requirepass in string and list commands', async () => {
    const compose = lines(
      'services:',
      '  cache:',
      '    image: redis:7.2',
      '    command: redis-server --appendonly yes --requirepass sup3rs3cret',
      '  queue:',
      '    image: redis:7.2',
      '    command: ["redis-server", "--requirepass", "sup3rs3cret"]',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:4:57', 'compose.yaml:7:47']);
  });

  it('accepts references, required variables, files, empty values and non-secret names', async () => {
    const compose = lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}',
      '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password',
      '      PGPASSWORD: ${PGPASSWORD:?PGPASSWORD must be set}',
      '      - unused',
      '  api:',
      '    image: app:1',
      '    environment:',
      '      - SECRET_KEY',
      '      - TOKEN_TTL_SECONDS=3600',
      '      - API_KEY=',
      '      - SESSION_COOKIE_SECURE=true',
      '    command: redis-server --requirepass $${REDIS_PASSWORD}',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), []);
  });

  it('fixes a map value with a required variable', async () => {
    const compose = lines('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: postgres  # TODO');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose.replace('postgres  # TODO', '${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}  # TODO'));
  });

  it('fixes list items, quoted values and literal fallbacks in place', async () => {
    const list = lines('services:', '  grafana:', '    image: grafana/grafana:11.1.0', '    environment:', '      - GF_SECURITY_ADMIN_PASSWORD=admin');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': list }))['compose.yaml'], list.replace('=admin', '=${GF_SECURITY_ADMIN_PASSWORD:?GF_SECURITY_ADMIN_PASSWORD must be set}'));
    const quoted = lines('services:', '  api:', '    image: app:1', '    environment:', '      JWT_SECRET: "${JWT_SECRET:-dev}"');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': quoted }))['compose.yaml'], quoted.replace('${JWT_SECRET:-dev}', '${JWT_SECRET:?JWT_SECRET must be set}'));
    const flow = lines('services:', '  mysql:', '    image: mysql:8.4', '    environment: {MYSQL_ROOT_PASSWORD: r00tpass}');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': flow }))['compose.yaml'], flow.replace('r00tpass', '"${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set}"'));
  });

  it('fixes --requirepass with REDIS_PASSWORD', async () => {
    const compose = lines('services:', '  cache:', '    image: redis:7.2', '    command: redis-server --requirepass sup3rs3cret');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose.replace('sup3rs3cret', '${REDIS_PASSWORD:?REDIS_PASSWORD must be set}'));
  });
});
