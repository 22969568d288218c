import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/missing-log-rotation';

describe(RULE, () => {
  it('flags default and json-file logging without max-size, on the service or its logging key', async () => {
    const compose = lines(
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    logging:',
      '      driver: json-file',
      '      options:',
      '        max-file: "5"',
      '  web:',
      '    image: ghcr.io/acme/web:2.0.0',
      '    logging:',
      '      driver: local',
      '  proxy:',
      '    image: traefik:v3.1',
      '    logging:',
      '      driver: json-file',
      '      options: {max-size: 50m}',
      '  shipper:',
      '    image: fluent/fluent-bit:3.0',
      '    logging:',
      '      driver: fluentd',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:2:2', 'compose.yaml:6:4']);
  });

  it('follows a shared logging anchor, in production files only', async () => {
    const compose = lines(
      'x-logging: &logging',
      '  driver: json-file',
      '  options:',
      '    max-size: "10m"',
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    logging: *logging',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), []);
    assert.deepEqual(await spots(RULE, { 'compose.local.yaml': lines('services:', '  api:', '    image: app:1') }), []);
  });

  it('fixes by adding a logging block', async () => {
    const compose = lines('services:', '  api:', '    image: ghcr.io/acme/api:1.4.2', '    restart: always');
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose + '    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n');
  });

  it('fixes by adding max-size to existing options, and through an anchor for every user', async () => {
    const compose = lines(
      'x-logging: &logging',
      '  driver: json-file',
      '  options:',
      '    tag: "{{.Name}}"',
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    logging: *logging',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4.2',
      '    logging: *logging',
    );
    assert.deepEqual(await spots(RULE, { 'compose.yaml': compose }), ['compose.yaml:8:4', 'compose.yaml:11:4']);
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], compose.replace('    tag: "{{.Name}}"\n', '    tag: "{{.Name}}"\n    max-size: "10m"\n    max-file: "3"\n'));
    assert.deepEqual(await spots(RULE, fixed), []);
  });
});
