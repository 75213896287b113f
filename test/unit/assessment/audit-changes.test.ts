import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../../shared/assessment/steps.js';
import type { RankedUnit } from '../../../shared/domain/assessment/types.js';

const unit = (unitId: string, total: number, rank: number, grade: RankedUnit['grade']): RankedUnit => ({
  unitId,
  unitName: unitId,
  total,
  grade,
  rank,
  vetoed: false,
  completion: total,
  timeliness: 0,
  deductions: 0,
  bonus: 0,
});

describe('auditChanges', () => {
  it('lists, by unit id, each unit whose total, grade or rank moved, or that came or went, with the old and new figures', () => {
    // Prepare: 白沙路街道's upheld appeal lifts it over 浒山街道; 古塘街道 stays; 坎墩街道 leaves, 宗汉街道 comes
    const before = [unit('hushan', 88, 1, 'good'), unit('baishalu', 86, 2, 'good'), unit('gutang', 70, 3, 'pass'), unit('kandun', 50, 4, 'fail')];
    const after = [unit('baishalu', 91, 1, 'excellent'), unit('hushan', 88, 2, 'good'), unit('gutang', 70, 3, 'pass'), unit('zonghan', 40, 4, 'fail')];

    // Act
    const changes = auditChanges(before, after);

    // Assess
    expect(changes).toEqual([
      { unitId: 'baishalu', before: { total: 86, grade: 'good', rank: 2 }, after: { total: 91, grade: 'excellent', rank: 1 } },
      { unitId: 'hushan', before: { total: 88, grade: 'good', rank: 1 }, after: { total: 88, grade: 'good', rank: 2 } },
      { unitId: 'kandun', before: { total: 50, grade: 'fail', rank: 4 }, after: null },
      { unitId: 'zonghan', before: null, after: { total: 40, grade: 'fail', rank: 4 } },
    ]);
  });

  it('lists every unit on a first publication, and none when nothing moved', () => {
    const ranking = [unit('hushan', 88, 1, 'good'), unit('gutang', 70, 2, 'pass')];

    expect(auditChanges([], ranking).map((change) => [change.unitId, change.before, change.after?.rank])).toEqual([
      ['gutang', null, 2],
      ['hushan', null, 1],
    ]);
    expect(auditChanges(ranking, ranking)).toEqual([]);
  });
});
