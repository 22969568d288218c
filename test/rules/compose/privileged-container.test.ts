import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { lines, spots } from './_util';

const RULE = 'compose/privileged-container';

describe(RULE, () => {
  it('flags privileged mode, ALL/SYS_ADMIN, the Docker socket and host namespaces, in any environment', async () => {
    const compose = lines(
      'services:',
      '  agent:',
      '    image: portainer/agent:2.21.0',
      '    privileged: true',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '      - type: bind',
      '        source: /run/docker.sock',
      '        target: /var/run/docker.sock',
      '  vpn:',
      '    image: qmcgaw/gluetun:v3.39',
      '    cap_add: [NET_ADMIN, SYS_ADMIN]',
      '    network_mode: host',
      '  monitor:',
      '    image: prom/node-exporter:v1.8.1',
      '    pid: host',
      '    ipc: "host"',
      '    cap_add:',
      '      - ALL',
    );
    const files = { 'docker-compose.dev.yml': compose };
    assert.deepEqual(await spots(RULE, files), [
      'docker-compose.dev.yml:4:16',
      'docker-compose.dev.yml:6:8',
      'docker-compose.dev.yml:7:8',
      'docker-compose.dev.yml:12:25',
      'docker-compose.dev.yml:13:18',
      'docker-compose.dev.yml:16:9',
      'docker-compose.dev.yml:17:9',
      'docker-compose.dev.yml:19:8',
    ]);
    const msgs = (await findingsOf(RULE, files)).map((f) => f.message);
    assert.match(msgs[1], /Docker socket .*read-only does not help/);
  });

  it('accepts ordinary capabilities, bridge networking and named volumes', async () => {
    const compose = lines(
      'services:',
      '  api:',
      '    image: app:1',
      '    privileged: false',
      '    cap_add: [NET_BIND_SERVICE]',
      '    network_mode: bridge',
      '    volumes: [data:/data, ./docker.sock.md:/docs/readme.md]',
      'volumes:',
      '  data: {}',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), []);
  });

  it('reports a setting shared through an anchor once', async () => {
    const compose = lines('x-priv: &priv', '  privileged: true', 'services:', '  a:', '    <<: *priv', '    image: app:1', '  b:', '    <<: *priv', '    image: app:1');
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:2:14']);
  });
});
