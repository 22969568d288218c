import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/missing-resource-limits';

describe(RULE, () => {
  it('flags services without a memory limit; accepts mem_limit, deploy limits and anchors', async () => {
    const compose = lines(
      'x-limits: &limits',
      '  deploy:',
      '    resources:',
      '      limits: {memory: 256M}',
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          cpus: "0.5"',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    mem_limit: 1g',
      '  web:',
      '    <<: *limits',
      '    image: ghcr.io/acme/web:2.0.0',
      '  db:',
      '    image: postgres:16.3',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:6:2', 'compose.yaml:18:2']);
    const [f] = await findingsOf(RULE, { 'compose.yaml': compose });
    assert.match(f.message, /`api` has no memory limit/);
  });

  it('skips development files and one-shot jobs', async () => {
    assert.deepEqual(await spots(RULE, { 'compose.dev.yaml': lines('services:', '  api:', '    image: app:1') }), []);
    assert.deepEqual(await spots(RULE, { 'compose.yaml': lines('services:', '  db-migrate:', '    image: app:1', '    command: ["alembic", "upgrade", "head"]', '    mem_limit: 1g', '  seed:', '    image: app:1') }), []);
  });

  it('fixes by completing an existing deploy block', async () => {
    const compose = lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2', '    deploy:', '      replicas: 3', '    environment:', '      LOG_LEVEL: info');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose.replace('      replicas: 3\n', '      replicas: 3\n      resources:\n        limits:\n          memory: 512M\n'));
  });

  it('fixes by adding a deploy block when there is none', async () => {
    const compose = lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2', '    restart: always');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose + '    deploy:\n      resources:\n        limits:\n          memory: 512M\n');
  });
});
