import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/exposed-datastore-port';

describe(RULE, () => {
  it('flags datastore ports published on all interfaces, short and long syntax', async () => {
    const compose = lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    ports:',
      '      - "5432:5432"',
      '      - 127.0.0.1:5433:5432',
      '  cache:',
      '    image: bitnami/redis:7.2',
      '    ports:',
      '      - target: 6379',
      '        published: 6379',
      '  search:',
      '    image: docker.elastic.co/elasticsearch/elasticsearch:8.14.3',
      '    ports: ["0.0.0.0:9200:9200", "9300"]',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    ports: ["8000:8000"]',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:5:8', 'compose.yaml:10:8', 'compose.yaml:14:12', 'compose.yaml:14:33']);
    const [f] = await findingsOf(RULE, { 'compose.yaml': compose });
    assert.match(f.message, /`db` \(PostgreSQL, `postgres:16`\) publishes host port 5432/);
  });

  it('recognises a datastore built from a workspace Dockerfile; skips development files', async () => {
    const files = {
      'compose.yaml': lines('services:', '  db:', '    build: ./db', '    ports: ["5432:5432"]'),
      'db/Dockerfile': 'FROM postgis/postgis:16-3.4\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
      'compose.dev.yaml': lines('services:', '  db:', '    image: postgres:16', '    ports: ["5432:5432"]'),
    };
    assert.deepEqual(await spots(RULE, files), ['compose.yaml:4:12']);
  });

  it('binds to 127.0.0.1 (safe fix), in short and long syntax', async () => {
    const short = lines('services:', '  db:', '    image: postgres:16', '    ports:', '      - "5432:5432"', '      - 5433');
    let fixed = await checkYamlFix(RULE, { 'compose.yaml': short }, 'Publish on 127.0.0.1 only');
    assert.equal(fixed['compose.yaml'], short.replace('"5432:5432"', '"127.0.0.1:5432:5432"'));
    fixed = await checkYamlFix(RULE, fixed, 'Publish on 127.0.0.1 only');
    assert.equal(fixed['compose.yaml'], short.replace('"5432:5432"', '"127.0.0.1:5432:5432"').replace('- 5433', '- 127.0.0.1::5433'));
    const long = lines('services:', '  cache:', '    image: redis:7.2', '    ports:', '      - target: 6379', '        published: 6379', '        host_ip: 0.0.0.0');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': long }, 'Publish on 127.0.0.1 only'))['compose.yaml'], long.replace('0.0.0.0', '127.0.0.1'));
    const longNoIp = lines('services:', '  cache:', '    image: redis:7.2', '    ports:', '      - target: 6379', '        published: 6379');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': longNoIp }, 'Publish on 127.0.0.1 only'))['compose.yaml'], longNoIp + '        host_ip: 127.0.0.1\n');
  });

  it('removes the mapping (unsafe fix), and the ports key with its last entry', async () => {
    const title = 'Remove the port mapping (other services reach it on the compose network)';
    const two = lines('services:', '  db:', '    image: postgres:16', '    ports:', '      - "5432:5432"', '      - 127.0.0.1:5433:5432', '    restart: always');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': two }, title))['compose.yaml'], two.replace('      - "5432:5432"\n', ''));
    const one = lines('services:', '  db:', '    image: postgres:16', '    ports:', '      - "5432:5432"', '    restart: always');
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': one }, title))['compose.yaml'], lines('services:', '  db:', '    image: postgres:16', '    restart: always'));
  });
});
