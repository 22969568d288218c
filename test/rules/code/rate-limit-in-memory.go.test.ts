import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Files } from '../../helpers/workspace';
import { fixture, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/rate-limit-in-memory';

const compose = (replicas: number) => `services:\n  billing:\n    build: ./billing\n    deploy:\n      replicas: ${replicas}\n`;

describe(`${RULE} (Go)`, () => {
  it('flags an in-memory httprate limiter when compose runs several replicas', async () => {
    const files: Files = { ...fixture('billing', 'billing/'), 'billing/Dockerfile': 'FROM scratch\nCOPY billing /billing\nCMD ["/billing"]\n', 'docker-compose.yml': compose(3) };
    assert.deepEqual(await spots(RULE, files), ['billing/main.go:38:22']);
  });

  it('does not flag one replica, or a limiter with shared storage', async () => {
    const files: Files = { ...fixture('billing', 'billing/'), 'billing/Dockerfile': 'FROM scratch\nCOPY billing /billing\nCMD ["/billing"]\n' };
    assert.deepEqual(await spots(RULE, { ...files, 'docker-compose.yml': compose(1) }), []);
    const shared = files['billing/main.go'].replace('httprate.LimitByIP(100, time.Minute)(mux)', 'httprate.Limit(100, time.Minute, httprate.WithKeyFuncs(httprate.KeyByIP), httprate.WithLimitCounter(redisCounter))(mux)');
    assert.deepEqual(await spots(RULE, { ...files, 'billing/main.go': shared, 'docker-compose.yml': compose(3) }), []);
  });
});
