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

describe('glob on hostile patterns', () => {
  const timed = (fn: () => void) => {
    const start = Date.now();
    fn();
    return Date.now() - start;
  };

  it('refuses absurdly long or deeply nested patterns instead of building a giant regex', () => {
    assert.equal(matchesGlob('a', '{a'.repeat(10_000)), false);
    assert.equal(matchesGlob('b', 'b'.repeat(70_000)), false);
  });

  it('matches wildcard-heavy patterns in linear time, with the same meaning', () => {
    const path = '.env.production.local';
    assert.ok(timed(() => assert.equal(matchesGlob(path, '*'.repeat(1000) + '!'), false)) < 200);
    assert.ok(timed(() => assert.equal(matchesGlob('x'.repeat(4000), '*x*x*x*x*x*x*x*x*y'), false)) < 500);
    // The fallback keeps glob semantics: `*` stops at `/`, `**/` is any number of directories.
    assert.equal(matchesGlob('a/b/c/d.txt', 'a/**/*.*.*.*.txt'), false);
    assert.equal(matchesGlob('a/d.x.y.z.txt', 'a/**/*.*.*.*.txt'), true);
    assert.equal(matchesGlob('a/b/c/d.x.y.z.txt', 'a/**/*.*.*.*.txt'), true);
    assert.equal(matchesGlob('deep/dir/one-two-three-four-five', '*-*-*-*-*'), true);
    assert.equal(matchesGlob('one/two-three-four-five', '*-*-*-*-*'), false);
  });
});
