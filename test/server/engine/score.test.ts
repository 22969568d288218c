import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeScores, type CheckTally } from '../../../server/src/engine/score';

const tally = (rule: string, category: CheckTally['category'], severity: CheckTally['severity'], passed: number, applicable: number): CheckTally => ({
  rule, category, severity, passed, applicable,
});

describe('scoring', () => {
  it('weights passed and applicable checks 3/2/1 by severity', () => {
    const { categories, score } = computeScores([
      tally('a/error', 'security', 'error', 1, 2), // 3 of 6
      tally('a/warning', 'security', 'warning', 2, 2), // 4 of 4
      tally('a/info', 'security', 'info', 0, 1), // 0 of 1
    ]);
    const security = categories.find((c) => c.id === 'security')!;
    assert.equal(security.score, Math.floor((100 * 7) / 11));
    assert.equal(security.passed, 3);
    assert.equal(security.applicable, 5);
    assert.equal(score, 63);
  });

  it('shows categories with nothing applicable as not applicable (null), never 100', () => {
    const { categories } = computeScores([tally('a/x', 'security', 'warning', 1, 1)]);
    assert.equal(categories.find((c) => c.id === 'testing')!.score, null);
    assert.equal(categories.find((c) => c.id === 'testing')!.applicable, 0);
    assert.equal(categories.length, 7);
  });

  it('computes the overall score over all categories with the same weights', () => {
    const { score } = computeScores([
      tally('a/x', 'security', 'error', 0, 1), // 0 of 3
      tally('b/y', 'containers', 'info', 1, 1), // 1 of 1
    ]);
    assert.equal(score, 25);
  });

  it('returns null overall when nothing applies, and 100 only when everything passed', () => {
    assert.equal(computeScores([]).score, null);
    assert.equal(computeScores([tally('a/x', 'delivery', 'info', 4, 4)]).score, 100);
    // One failure out of many must never round up to 100.
    assert.equal(computeScores([tally('a/x', 'delivery', 'info', 999, 1000)]).score, 99);
  });
});
