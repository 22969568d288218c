import { CATEGORIES, type Category, type Severity } from '../core/types';

export interface CheckTally {
  rule: string;
  category: Category;
  severity: Severity;
  passed: number;
  /** Passed + failed (suppressed targets are neither: they were consciously accepted). */
  applicable: number;
}

export interface CategoryScore {
  id: Category;
  /** Null when nothing in the category applies ("not applicable", never 100). */
  score: number | null;
  passed: number;
  applicable: number;
}

const WEIGHT: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * Category score = 100 × Σ weight(passed) / Σ weight(applicable), weight 3/2/1 by severity; the
 * overall score is the same ratio over every check.
 */
export function computeScores(checks: readonly CheckTally[]): { score: number | null; categories: CategoryScore[] } {
  const sums = new Map<Category, { wPassed: number; wApplicable: number; passed: number; applicable: number }>();
  let totalPassed = 0;
  let totalApplicable = 0;
  for (const c of checks) {
    const w = WEIGHT[c.severity];
    const s = sums.get(c.category) ?? { wPassed: 0, wApplicable: 0, passed: 0, applicable: 0 };
    s.wPassed += w * c.passed;
    s.wApplicable += w * c.applicable;
    s.passed += c.passed;
    s.applicable += c.applicable;
    sums.set(c.category, s);
    totalPassed += w * c.passed;
    totalApplicable += w * c.applicable;
  }
  const categories = CATEGORIES.map((id): CategoryScore => {
    const s = sums.get(id);
    if (!s || s.applicable === 0) return { id, score: null, passed: s?.passed ?? 0, applicable: 0 };
    return { id, score: Math.floor((100 * s.wPassed) / s.wApplicable), passed: s.passed, applicable: s.applicable };
  });
  return { score: totalApplicable === 0 ? null : Math.floor((100 * totalPassed) / totalApplicable), categories };
}
