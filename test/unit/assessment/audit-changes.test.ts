import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../../shared/assessment/steps/publish.js';
import type { RankedUnit } from '../../../shared/domain/assessment/types.js';

const unit = (unitId: string, total: number, rank: number, grade: RankedUnit['grade'], group = 'towns'): RankedUnit => ({
  unitId,
  unitName: unitId,
  group,
  groupName: group === 'towns' ? '镇街道' : '部门',
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
      { unitId: 'baishalu', before: { total: 86, grade: 'good', rank: 2, group: 'towns' }, after: { total: 91, grade: 'excellent', rank: 1, group: 'towns' } },
      { unitId: 'hushan', before: { total: 88, grade: 'good', rank: 1, group: 'towns' }, after: { total: 88, grade: 'good', rank: 2, group: 'towns' } },
      { unitId: 'kandun', before: { total: 50, grade: 'fail', rank: 4, group: 'towns' }, after: null },
      { unitId: 'zonghan', before: null, after: { total: 40, grade: 'fail', rank: 4, group: 'towns' } },
    ]);
  });

  it('lists a unit whose rank is the same number in another group (the rules regrouped it)', () => {
    // Prepare: the department ranked 1st of all becomes 1st of the departments.
    const before = [unit('eco-bureau', 95, 1, 'excellent', 'all'), unit('hushan', 88, 2, 'good', 'all')];
    const after = [unit('hushan', 88, 1, 'good'), unit('eco-bureau', 95, 1, 'excellent', 'departments')];

    // Act
    const changes = auditChanges(before, after);

    // Assess
    expect(changes).toEqual([
      { unitId: 'eco-bureau', before: { total: 95, grade: 'excellent', rank: 1, group: 'all' }, after: { total: 95, grade: 'excellent', rank: 1, group: 'departments' } },
      { unitId: 'hushan', before: { total: 88, grade: 'good', rank: 2, group: 'all' }, after: { total: 88, grade: 'good', rank: 1, group: 'towns' } },
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
