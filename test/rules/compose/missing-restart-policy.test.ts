import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/missing-restart-policy';

describe(RULE, () => {
  it('flags long-running services without restart on the service name', async () => {
    const compose = lines(
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    command: celery -A app worker',
      '    restart: always',
      '  db:',
      '    image: postgres:16',
      '    deploy:',
      '      restart_policy:',
      '        condition: on-failure',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:2:2']);
    const [f] = await findingsOf(RULE, { 'compose.yaml': compose });
    assert.match(f.message, /`api` has no restart policy/);
  });

  it('does not flag one-shot jobs, development files, or services whose prod overlay sets restart', async () => {
    const files = {
      'docker-compose.yml': lines(
        'services:',
        '  migrate:',
        '    image: ghcr.io/acme/api:1.4.2',
        '    command: alembic upgrade head',
        '  api:',
        '    image: ghcr.io/acme/api:1.4.2',
        '    depends_on:',
        '      migrate:',
        '        condition: service_completed_successfully',
        '      setup-buckets:',
        '        condition: service_completed_successfully',
        '  setup-buckets:',
        '    image: minio/mc:RELEASE.2024-06-01T15-03-35Z',
      ),
      'docker-compose.prod.yml': lines('services:', '  api:', '    restart: unless-stopped'),
      'docker-compose.dev.yml': lines('services:', '  web:', '    image: node:20'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('skips services gated behind development profiles only', async () => {
    const compose = lines(
      'services:',
      '  adminer:',
      '    image: adminer:4.8.1',
      '    profiles: [debug, tools]',
      '  exporter:',
      '    image: prom/node-exporter:v1.8.1',
      '    profiles: [monitoring]',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:5:2']);
  });

  it('inherits restart through anchors, merge keys and extends', async () => {
    const files = {
      'compose.yaml': lines(
        'x-base: &base',
        '  restart: unless-stopped',
        'services:',
        '  api:',
        '    <<: *base',
        '    image: ghcr.io/acme/api:1.4.2',
        '  web:',
        '    extends:',
        '      file: common.compose.yaml',
        '      service: base',
        '    image: ghcr.io/acme/web:2.0.0',
      ),
      'common.compose.yaml': lines('services:', '  base:', '    image: busybox:1.36', '    restart: always'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('fixes by adding restart after the last key, keeping 4-space indentation and comments', async () => {
    const compose = lines(
      'services:',
      '    api:',
      '        image: ghcr.io/acme/api:1.4.2  # pinned by CI',
      '        ports:',
      '            - "8000:8000"',
      '    # the cache',
      '    cache:',
      '        image: redis:7.2',
      '        restart: always',
    );
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose }, 'Add `restart: unless-stopped`');
    assert.equal(fixed['compose.yaml'], compose.replace('            - "8000:8000"\n', '            - "8000:8000"\n        restart: unless-stopped\n'));
  });

  it('keeps CRLF line endings', async () => {
    const compose = 'services:\r\n  api:\r\n    image: ghcr.io/acme/api:1.4.2\r\n';
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], 'services:\r\n  api:\r\n    image: ghcr.io/acme/api:1.4.2\r\n    restart: unless-stopped\r\n');
  });

  it('offers "Harden this service" combining restart, limits and log rotation', async () => {
    const compose = lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2', '    deploy:', '      replicas: 2');
    const [f] = await findingsOf(RULE, { 'compose.yaml': compose });
    const harden = f.fixes.find((x) => x.title.startsWith('Harden'));
    assert.ok(harden);
    assert.equal(harden.safety, 'unsafe');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose }, harden.title);
    assert.equal(
      fixed['compose.yaml'],
      lines(
        'services:',
        '  api:',
        '    image: ghcr.io/acme/api:1.4.2',
        '    deploy:',
        '      replicas: 2',
        '      resources:',
        '        limits:',
        '          memory: 512M',
        '    restart: unless-stopped',
        '    logging:',
        '      driver: json-file',
        '      options:',
        '        max-size: "10m"',
        '        max-file: "3"',
      ),
    );
    for (const rule of ['compose/missing-resource-limits', 'compose/missing-log-rotation']) {
      assert.deepEqual(await findingsOf(rule, fixed), [], rule);
    }
  });
});
