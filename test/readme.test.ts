import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../server/src/engine/registry';
import { renderRulesTable } from '../server/src/report/rules-table';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('lists exactly the registered rules (run `npm run docs:rules` to refresh)', () => {
    const block = /<!-- rules:begin -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme);
    assert.ok(block, 'README has no rules:begin/rules:end block');
    assert.equal(block[1], renderRulesTable(allRules()));
  });

  it('gives the two commands: audit the example and run the tests (the one .ci/run runs)', () => {
    assert.match(readme, /npm run audit:example/);
    assert.match(readme, /npm test/);
    assert.match(readFileSync(join(__dirname, '../.ci/run'), 'utf8'), /^npm test$/m);
  });
});
