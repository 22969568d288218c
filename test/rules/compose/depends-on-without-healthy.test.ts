import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/depends-on-without-healthy';

const DB = ['  db:', '    image: postgres:16', '    healthcheck:', '      test: ["CMD-SHELL", "pg_isready -U postgres"]'];

describe(RULE, () => {
  it('flags short and long dependencies on services that have a healthcheck', async () => {
    const compose = lines(
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    depends_on:',
      '      - db',
      '      - mailhog',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    depends_on:',
      '      db:',
      '        condition: service_started',
      '      web:',
      '        condition: service_healthy',
      '  web:',
      '    build: ./web',
      '  mailhog:',
      '    image: mailhog/mailhog:v1.0.1',
      ...DB,
    );
    const files = { 'docker-compose.test.yml': compose, 'web/Dockerfile': 'FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n' };
    assert.deepEqual(await spots(RULE, files), ['docker-compose.test.yml:5:8', 'docker-compose.test.yml:10:6']);
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /`api` depends on `db` \(short form/);
  });

  it('counts a Dockerfile HEALTHCHECK and ignores disabled ones', async () => {
    const files = {
      'compose.yaml': lines('services:', '  api:', '    image: app:1', '    depends_on: [web, legacy]', '  web:', '    build: ./web', '  legacy:', '    build: ./web', '    healthcheck:', '      disable: true'),
      'web/Dockerfile': 'FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n',
    };
    assert.deepEqual(await spots(RULE, files), ['compose.yaml:4:17']);
  });

  it('converts a short list to the long form, keeping the others service_started', async () => {
    const compose = lines('services:', '  api:', '    image: app:1', '    depends_on:   # order matters', '      - cache', '      - db', '  cache:', '    image: redis:7.2', ...DB);
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(
      fixed['compose.yaml'],
      compose.replace('      - cache\n      - db\n', '      cache:\n        condition: service_started\n      db:\n        condition: service_healthy\n'),
    );
  });

  it('converts a flow list, and sets the condition in the long form', async () => {
    const flow = lines('services:', '  api:', '    image: app:1', '    depends_on: [db]', ...DB);
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': flow }))['compose.yaml'], flow.replace(' [db]\n', '\n      db:\n        condition: service_healthy\n'));
    const long = lines('services:', '  api:', '    image: app:1', '    depends_on:', '      db:', '        condition: service_started', '        restart: true', ...DB);
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': long }))['compose.yaml'], long.replace('condition: service_started', 'condition: service_healthy'));
    const bare = lines('services:', '  api:', '    image: app:1', '    depends_on:', '      db:', '        required: true', ...DB);
    assert.equal((await checkYamlFix(RULE, { 'compose.yaml': bare }))['compose.yaml'], bare.replace('        required: true\n', '        required: true\n        condition: service_healthy\n'));
  });
});
