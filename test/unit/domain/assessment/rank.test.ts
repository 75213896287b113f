import { describe, expect, it } from 'vitest';
import { gradeOf, rankChanges, rankUnits } from '../../../../shared/domain/assessment/rank.js';
import { AssessmentRules, defaultAssessmentRules } from '../../../../shared/domain/assessment/rules.js';
import type { RankedUnit, UnitScore } from '../../../../shared/domain/assessment/types.js';

const names: Record<string, string> = {
  hushan: '浒山街道',
  baishalu: '白沙路街道',
  gutang: '古塘街道',
  kandun: '坎墩街道',
  zonghan: '宗汉街道',
  longshan: '龙山镇',
  'eco-bureau': '慈溪分局',
  'economy-it': '市经信局',
};
const kinds: Record<string, UnitScore['unitKind']> = { longshan: 'town', 'eco-bureau': 'department', 'economy-it': 'department' };

/** A unit's score by its subtotals (the total is their sum); line items do not enter the ranking. */
function score(unitId: string, parts: Partial<Pick<UnitScore, 'completion' | 'timeliness' | 'deductions' | 'bonus' | 'vetoed'>>): UnitScore {
  const { completion = 0, timeliness = 0, deductions = 0, bonus = 0, vetoed = false } = parts;
  const total = Math.round((completion + timeliness + deductions + bonus) * 100) / 100;
  return { unitId, unitName: names[unitId] ?? unitId, unitKind: kinds[unitId] ?? 'street', total, completion, timeliness, deductions, bonus, vetoed, tasks: 12, lineItems: [] };
}

const ranks = (ranked: readonly RankedUnit[]) => ranked.map((unit) => `${unit.rank} ${unit.unitId} ${unit.total} ${unit.grade}`);

describe('gradeOf', () => {
  it('puts a total on a band\'s boundary in that band', () => {
    // Act / Assess
    expect([90, 89.99, 80, 79.99, 60, 59.99, 0].map((total) => gradeOf(total, false, defaultAssessmentRules))).toEqual([
      'excellent',
      'good',
      'good',
      'pass',
      'pass',
      'fail',
      'fail',
    ]);
  });

  it('fails a vetoed unit whatever its total', () => {
    // Act / Assess
    expect(gradeOf(98.5, true, defaultAssessmentRules)).toBe('fail');
  });

  it('reads the plan\'s own bands', () => {
    // Prepare
    const rules = AssessmentRules.parse({ grades: { excellent: 95.5, good: 85, pass: 70 } });

    // Act / Assess
    expect([95.5, 95.49, 85, 69.99].map((total) => gradeOf(total, false, rules))).toEqual(['excellent', 'good', 'good', 'fail']);
  });
});

describe('rankUnits', () => {
  it('ranks by total; units still equal after the tie rules share a rank (1, 2, 2, 4), listed by unit id', () => {
    // Prepare
    const scores = [
      score('zonghan', { completion: 70, timeliness: 12, deductions: -2 }),
      score('hushan', { completion: 75, timeliness: 15 }),
      score('gutang', { completion: 70, timeliness: 12, deductions: -2 }),
      score('kandun', { completion: 60, timeliness: 10 }),
    ];

    // Act
    const ranked = rankUnits(scores, defaultAssessmentRules);

    // Assess
    expect(ranks(ranked)).toEqual(['1 hushan 90 excellent', '2 gutang 80 good', '2 zonghan 80 good', '4 kandun 70 pass']);
    expect(ranked[1]).toEqual({
      unitId: 'gutang',
      unitName: '古塘街道',
      group: 'towns',
      groupName: '镇街道',
      total: 80,
      grade: 'good',
      rank: 2,
      vetoed: false,
      completion: 70,
      timeliness: 12,
      deductions: -2,
      bonus: 0,
    });
  });

  it('breaks a tie on the total by the tie rules in turn: completion, then fewer deducted, then timeliness', () => {
    // Prepare: all four total 80.
    const scores = [
      score('hushan', { completion: 68, timeliness: 12 }),
      score('baishalu', { completion: 70, timeliness: 15, deductions: -5 }),
      score('gutang', { completion: 70, timeliness: 12, deductions: -2 }),
      score('kandun', { completion: 70, timeliness: 10 }),
    ];

    // Act
    const ranked = rankUnits(scores, defaultAssessmentRules);

    // Assess
    expect(ranked.map((unit) => `${unit.rank} ${unit.unitId}`)).toEqual(['1 kandun', '2 gutang', '3 baishalu', '4 hushan']);
  });

  it('follows the plan\'s own tie rules, and shares a rank when there are none', () => {
    // Prepare
    const scores = [
      score('kandun', { completion: 70, timeliness: 10 }),
      score('baishalu', { completion: 65, timeliness: 15 }),
      score('gutang', { completion: 60, timeliness: 15, bonus: 5 }),
    ];

    // Act
    const byTimeliness = rankUnits(scores, AssessmentRules.parse({ tieBreak: ['timeliness', 'bonus'] }));
    const none = rankUnits(scores, AssessmentRules.parse({ tieBreak: [] }));

    // Assess
    expect(byTimeliness.map((unit) => `${unit.rank} ${unit.unitId}`)).toEqual(['1 gutang', '2 baishalu', '3 kandun']);
    expect(none.map((unit) => `${unit.rank} ${unit.unitId}`)).toEqual(['1 baishalu', '1 gutang', '1 kandun']);
  });

  it('ranks vetoed units after all others, failed, among themselves the same way', () => {
    // Prepare
    const scores = [
      score('longshan', { completion: 80, timeliness: 18, vetoed: true }),
      score('hushan', { completion: 50, timeliness: 5 }),
      score('zonghan', { completion: 60, timeliness: 10, vetoed: true }),
      score('kandun', { completion: 70, timeliness: 10 }),
    ];

    // Act
    const ranked = rankUnits(scores, defaultAssessmentRules);

    // Assess
    expect(ranks(ranked)).toEqual(['1 kandun 80 good', '2 hushan 55 fail', '3 longshan 98 fail', '4 zonghan 70 fail']);
    expect(ranked.map((unit) => unit.vetoed)).toEqual([false, false, true, true]);
  });

  it('ranks towns and streets apart from departments by default (分类考核), the towns first, each group from rank 1', () => {
    // Prepare: two departments with one task each score higher than any town.
    const scores = [
      score('eco-bureau', { completion: 80, timeliness: 20 }),
      score('hushan', { completion: 75, timeliness: 15 }),
      score('economy-it', { completion: 80, timeliness: 20 }),
      score('longshan', { completion: 70, timeliness: 12 }),
    ];

    // Act
    const ranked = rankUnits(scores, defaultAssessmentRules);

    // Assess
    expect(ranked.map((unit) => `${unit.groupName} ${unit.group} ${unit.rank} ${unit.unitId}`)).toEqual([
      '镇街道 towns 1 hushan',
      '镇街道 towns 2 longshan',
      '部门 departments 1 eco-bureau',
      '部门 departments 1 economy-it',
    ]);
  });

  it('grades each group by its own bands when it has them, else by the rules\' bands', () => {
    // Prepare: 85 is good by the default bands, excellent by the departments' own.
    const rules = AssessmentRules.parse({
      groups: [
        { id: 'towns', name: '镇街道', kinds: ['town', 'street'] },
        { id: 'departments', name: '部门', kinds: ['department'], grades: { excellent: 85, good: 75, pass: 60 } },
      ],
    });
    const scores = [score('hushan', { completion: 70, timeliness: 15 }), score('eco-bureau', { completion: 70, timeliness: 15 })];

    // Act
    const ranked = rankUnits(scores, rules);

    // Assess
    expect(ranked.map((unit) => `${unit.unitId} ${unit.grade}`)).toEqual(['hushan good', 'eco-bureau excellent']);
  });

  it('ranks every unit together when one group holds every kind', () => {
    // Prepare
    const rules = AssessmentRules.parse({ groups: [{ id: 'all', name: '全部单位', kinds: ['town', 'street', 'department'] }] });
    const scores = [score('hushan', { completion: 75, timeliness: 15 }), score('eco-bureau', { completion: 80, timeliness: 20 }), score('longshan', { completion: 70 })];

    // Act
    const ranked = rankUnits(scores, rules);

    // Assess
    expect(ranked.map((unit) => `${unit.group} ${unit.rank} ${unit.unitId}`)).toEqual(['all 1 eco-bureau', 'all 2 hushan', 'all 3 longshan']);
  });

  it('does not depend on the order of the scores', () => {
    // Prepare
    const scores = ['hushan', 'baishalu', 'gutang', 'kandun', 'zonghan', 'longshan'].map((unitId, i) =>
      score(unitId, { completion: 60 + (i % 3) * 5, timeliness: 10, vetoed: i === 4 }),
    );

    // Act
    const forward = rankUnits(scores, defaultAssessmentRules);
    const backward = rankUnits([...scores].reverse(), defaultAssessmentRules);

    // Assess
    expect(backward).toEqual(forward);
  });
});

describe('rankChanges', () => {
  const before = rankUnits(
    [
      score('hushan', { completion: 75, timeliness: 15 }),
      score('gutang', { completion: 70, timeliness: 12 }),
      score('kandun', { completion: 60, timeliness: 10 }),
      score('zonghan', { completion: 55, timeliness: 10 }),
    ],
    defaultAssessmentRules,
  );

  it('lists only the units whose rank, total or grade moved, and those ranked on one side only, in the new order', () => {
    // Prepare: gutang overtakes hushan; kandun keeps rank 3 with another total; zonghan is gone; longshan is new.
    const after = rankUnits(
      [
        score('gutang', { completion: 78, timeliness: 16 }),
        score('hushan', { completion: 75, timeliness: 15 }),
        score('kandun', { completion: 61, timeliness: 10 }),
        score('longshan', { completion: 50, timeliness: 5 }),
      ],
      defaultAssessmentRules,
    );

    // Act
    const changes = rankChanges(before, after);

    // Assess
    expect(changes).toEqual([
      { unitId: 'gutang', unitName: '古塘街道', before: { group: 'towns', rank: 2, total: 82, grade: 'good' }, after: { group: 'towns', rank: 1, total: 94, grade: 'excellent' }, rankDelta: 1 },
      { unitId: 'hushan', unitName: '浒山街道', before: { group: 'towns', rank: 1, total: 90, grade: 'excellent' }, after: { group: 'towns', rank: 2, total: 90, grade: 'excellent' }, rankDelta: -1 },
      { unitId: 'kandun', unitName: '坎墩街道', before: { group: 'towns', rank: 3, total: 70, grade: 'pass' }, after: { group: 'towns', rank: 3, total: 71, grade: 'pass' }, rankDelta: 0 },
      { unitId: 'longshan', unitName: '龙山镇', before: null, after: { group: 'towns', rank: 4, total: 55, grade: 'fail' }, rankDelta: null },
      { unitId: 'zonghan', unitName: '宗汉街道', before: { group: 'towns', rank: 4, total: 65, grade: 'pass' }, after: null, rankDelta: null },
    ]);
  });

  it('compares ranks within a group: a department placed above every town moves no town, and a unit in another group has no rank move', () => {
    // Prepare: the same towns, plus a department; then all in one group, where gutang also drops a place.
    const towns = [score('hushan', { completion: 75, timeliness: 15 }), score('gutang', { completion: 70, timeliness: 12 })];
    const grouped = rankUnits([...towns, score('eco-bureau', { completion: 80, timeliness: 20 })], defaultAssessmentRules);
    const together = rankUnits(
      [...towns, score('eco-bureau', { completion: 80, timeliness: 20 })],
      AssessmentRules.parse({ groups: [{ id: 'all', name: '全部单位', kinds: ['town', 'street', 'department'] }] }),
    );

    // Act
    const added = rankChanges(rankUnits(towns, defaultAssessmentRules), grouped);
    const regrouped = rankChanges(grouped, together);

    // Assess
    expect(added).toEqual([
      { unitId: 'eco-bureau', unitName: '慈溪分局', before: null, after: { group: 'departments', rank: 1, total: 100, grade: 'excellent' }, rankDelta: null },
    ]);
    expect(regrouped.map((change) => [change.unitId, change.before?.group, change.after?.group, change.rankDelta])).toEqual([
      ['eco-bureau', 'departments', 'all', null],
      ['hushan', 'towns', 'all', null],
      ['gutang', 'towns', 'all', null],
    ]);
  });

  it('is empty for the same ranking', () => {
    // Act / Assess
    expect(rankChanges(before, [...before].reverse())).toEqual([]);
  });
});
