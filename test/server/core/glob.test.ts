import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesGlob } from '../../../server/src/core/glob';

describe('glob', () => {
  const cases: [string, string, boolean][] = [
    ['vendor/x/Dockerfile', 'vendor/**', true],
    ['a/vendor/x', 'vendor/**', false],
    ['a/vendor/x', '**/vendor/**', true],
    ['deploy/compose.prod.yml', 'deploy/*.yml', true],
    ['deploy/sub/compose.prod.yml', 'deploy/*.yml', false],
    ['x/y/.env.local', '.env*', true],
    ['docker-compose.staging.yaml', '*.{yml,yaml}', true],
    ['build/Dockerfile', 'build/', true],
    ['Dockerfile', 'Docker?ile', true],
    ['file.ts', '*.[jt]s', true],
  ];
  for (const [path, pattern, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(matchesGlob(path, pattern), expected));
  }
});
