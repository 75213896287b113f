import { describe, expect, it } from 'vitest';
import { rankUnits } from '../../../../shared/domain/assessment/rank.js';
import { defaultAssessmentRules } from '../../../../shared/domain/assessment/rules.js';
import type { UnitScore } from '../../../../shared/domain/assessment/types.js';
import { unitKinds } from '../../../../shared/domain/plan.js';

function score(unitId: string, unitKind: UnitScore['unitKind'], total: number): UnitScore {
  return { unitId, unitName: unitId, unitKind, total, completion: total, timeliness: 0, deductions: 0, bonus: 0, vetoed: false, tasks: 3, lineItems: [] };
}

describe('rankUnits by the default groups: every unit kind', () => {
  it('ranks districts, counties, cities and zones together, apart from the towns and streets and the departments', () => {
    // Prepare
    const scores = [
      score('haishu', 'district', 88),
      score('fgw', 'department', 95),
      score('ninghai', 'county', 91),
      score('hushan', 'street', 70),
      score('yuyao', 'city', 91),
      score('hi-tech-zone', 'zone', 99),
      score('longshan', 'town', 80),
    ];

    // Act
    const ranked = rankUnits(scores, defaultAssessmentRules).map((unit) => `${unit.group} ${unit.groupName} ${unit.rank} ${unit.unitId}`);

    // Assess
    expect(ranked).toEqual([
      'towns 镇街道 1 longshan',
      'towns 镇街道 2 hushan',
      'counties 区县（市）和开发区 1 hi-tech-zone',
      'counties 区县（市）和开发区 2 ninghai',
      'counties 区县（市）和开发区 2 yuyao',
      'counties 区县（市）和开发区 4 haishu',
      'departments 部门 1 fgw',
    ]);
  });

  it('puts each kind in exactly one default group', () => {
    // Act
    const groupsOf = unitKinds.map((kind) => defaultAssessmentRules.groups.filter((group) => group.kinds.includes(kind)).length);

    // Assess
    expect(groupsOf).toEqual(unitKinds.map(() => 1));
  });
});
