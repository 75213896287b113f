import { describe, expect, it } from 'vitest';
import { AssessmentRules, defaultAssessmentRules, MAX_WEIGHTS } from '../../../../shared/domain/assessment/rules.js';
import { MAX_GOALS } from '../../../../shared/domain/plan.js';
import { validatePlan } from '../../../../shared/domain/plan-rules.js';
import type { Problem } from '../../../../shared/domain/problem.js';
import { problemsFromZodIssues } from '../../../../shared/domain/zod-problems.js';
import { smallPlan } from '../plan-fixture.js';

/** The problems of an `assessment` section, as a plan import reports them. */
function problemsOf(assessment: unknown): Problem[] {
  const result = validatePlan({ ...smallPlan(), assessment });
  if (result.ok) throw new Error('expected problems, the assessment settings are valid');
  return result.problems;
}

const rulesAt = (assessment: unknown) => problemsOf(assessment).map((p) => `${p.path} ${p.rule}`);

describe('AssessmentRules: defaults', () => {
  it('are the contract\'s for a plan that leaves assessment out', () => {
    // Act
    const result = validatePlan(smallPlan());

    // Assess
    expect(result.ok && result.value.assessment).toEqual({
      weights: {},
      points: { completion: 80, timeliness: 20 },
      indicator: { mode: 'graded', tolerance: 0.2 },
      timeliness: { perLateDay: 0.1 },
      deductions: { remind: 0, urge: 0, supervise: 0, notice: 2, summon: 5, rebound: 1 },
      floorAtZero: true,
      bonusCap: 5,
      coUnitShare: 0,
      grades: { excellent: 90, good: 80, pass: 60 },
      groups: [
        { id: 'towns', name: '镇街道', kinds: ['town', 'street'] },
        { id: 'counties', name: '区县（市）和开发区', kinds: ['district', 'county', 'city', 'zone'] },
        { id: 'departments', name: '部门', kinds: ['department'] },
      ],
      tieBreak: ['completion', 'deductions', 'timeliness'],
      appealDays: 5,
    });
    expect(result.ok && result.value.assessment).toEqual(defaultAssessmentRules);
  });

  it('fills in every field left out of a group that is given', () => {
    // Act
    const rules = AssessmentRules.parse({ deductions: { notice: 3 }, grades: { excellent: 95 }, weights: { pm25: 2 } });

    // Assess
    expect(rules.deductions).toEqual({ remind: 0, urge: 0, supervise: 0, notice: 3, summon: 5, rebound: 1 });
    expect(rules.grades).toEqual({ excellent: 95, good: 80, pass: 60 });
    expect(rules.weights).toEqual({ pm25: 2 });
    expect(rules.points).toEqual({ completion: 80, timeliness: 20 });
  });

  it('are frozen, and a plan gets a copy it may change', () => {
    // Prepare
    const result = validatePlan(smallPlan());
    if (!result.ok) throw new Error('the fixture is valid');

    // Act
    result.value.assessment.deductions.notice = 9;

    // Assess
    expect(Object.isFrozen(defaultAssessmentRules.deductions)).toBe(true);
    expect(defaultAssessmentRules.deductions.notice).toBe(2);
  });

  it('cap the weights at as many goals as a plan may have', () => {
    // Assess
    expect(MAX_WEIGHTS).toBe(MAX_GOALS);
  });
});

describe('AssessmentRules: refusals name the field and the rule', () => {
  it('points that do not sum to 100 (rule sum), in English and Chinese', () => {
    // Act
    const problems = problemsOf({ points: { completion: 70 } });

    // Assess
    expect(problems).toEqual([
      {
        path: 'assessment.points',
        rule: 'sum',
        message: 'completion (70) and timeliness (20) must sum to 100',
        messageZh: '完成度（70）与及时性（20）之和必须为 100',
      },
    ]);
  });

  it('grade bands that do not descend (rule order), at the lower band', () => {
    // Act
    const problems = problemsOf({ grades: { excellent: 80, good: 80, pass: 85 } });

    // Assess
    expect(problems).toEqual([
      {
        path: 'assessment.grades.good',
        rule: 'order',
        message: 'good (80) must be less than excellent (80)',
        messageZh: '良好（80）必须小于优秀（80）',
      },
      {
        path: 'assessment.grades.pass',
        rule: 'order',
        message: 'pass (85) must be less than good (80)',
        messageZh: '合格（85）必须小于良好（80）',
      },
    ]);
  });

  it('grade bands outside 0..100 or finer than a hundredth', () => {
    // Act / Assess
    expect(rulesAt({ grades: { excellent: 101, good: 79.995, pass: -1 } })).toEqual([
      'assessment.grades.excellent too_big',
      'assessment.grades.good precision',
      'assessment.grades.pass too_small',
    ]);
  });

  it('a tie rule named twice (rule duplicate) or not a subtotal (rule one_of)', () => {
    // Act
    const problems = problemsOf({ tieBreak: ['completion', 'bonus', 'completion'] });

    // Assess
    expect(problems).toEqual([
      {
        path: 'assessment.tieBreak[2]',
        rule: 'duplicate',
        message: '"completion" is already tieBreak[0]',
        messageZh: '"completion"（完成度）与 tieBreak[0] 重复',
      },
    ]);
    expect(rulesAt({ tieBreak: ['rank'] })).toEqual(['assessment.tieBreak[0] one_of']);
  });

  it('a unit kind in two groups or a group id twice (rule duplicate), a kind in no group (rule missing_kind)', () => {
    // Act
    const problems = problemsOf({
      groups: [
        { id: 'towns', name: '镇', kinds: ['town'] },
        { id: 'towns', name: '街道和部门', kinds: ['street', 'department', 'town'] },
      ],
    });
    const missing = problemsOf({ groups: [{ id: 'towns', name: '镇街道', kinds: ['town', 'street'] }] });

    // Assess
    expect(problems).toEqual([
      { path: 'assessment.groups[1].id', rule: 'duplicate', message: '"towns" is already groups[0]', messageZh: '分组编号"towns"与 groups[0] 重复' },
      { path: 'assessment.groups[1].kinds[2]', rule: 'duplicate', message: '"town" is already in groups[0]', messageZh: '"town"（镇）已在 groups[0] 中' },
    ]);
    expect(missing).toEqual([
      {
        path: 'assessment.groups',
        rule: 'missing_kind',
        message: 'no group ranks the "department" units (such as 市治水办)',
        messageZh: '没有分组包含"department"（部门）类单位（如市治水办）',
      },
    ]);
  });

  it('a group without kinds, of an unknown kind, or without a name', () => {
    // Act / Assess
    expect(rulesAt({ groups: [{ id: 'all', name: '全部', kinds: [] }] })).toContain('assessment.groups[0].kinds too_few');
    expect(rulesAt({ groups: [{ id: 'all', name: '全部', kinds: ['town', 'street', 'village'] }] })).toContain('assessment.groups[0].kinds[2] one_of');
    expect(rulesAt({ groups: [{ id: 'all', name: '', kinds: ['town', 'street', 'department'] }] })).toEqual(['assessment.groups[0].name required']);
  });

  it('negative deductions (they are subtracted), and a third decimal (rule precision)', () => {
    // Act / Assess
    expect(rulesAt({ deductions: { notice: -2, summon: 5.125 } })).toEqual([
      'assessment.deductions.notice too_small',
      'assessment.deductions.summon precision',
    ]);
  });

  it('shares outside 0..1, a tolerance of 0, a bonus cap over 100, appeal days that are not whole or over 60', () => {
    // Act / Assess
    expect(
      rulesAt({
        coUnitShare: 1.5,
        timeliness: { perLateDay: -0.1 },
        indicator: { tolerance: 0 },
        bonusCap: 101,
        appealDays: 2.5,
      }),
    ).toEqual([
      'assessment.appealDays integer',
      'assessment.bonusCap too_big',
      'assessment.coUnitShare too_big',
      'assessment.indicator.tolerance too_small',
      'assessment.timeliness.perLateDay too_small',
    ]);
    expect(rulesAt({ appealDays: 61, indicator: { tolerance: 1.5, mode: 'strict' } })).toEqual([
      'assessment.appealDays too_big',
      'assessment.indicator.mode one_of',
      'assessment.indicator.tolerance too_big',
    ]);
  });

  it('weights of 0 or less, and an unknown field', () => {
    // Act / Assess
    expect(rulesAt({ weights: { pm25: 0, vocs: -1 }, colour: 'red' })).toEqual([
      'assessment.colour unknown_field',
      'assessment.weights.pm25 too_small',
      'assessment.weights.vocs too_small',
    ]);
  });

  it('a weight for a goal the plan does not have (rule unknown_goal), with the plan\'s own goals accepted', () => {
    // Act
    const problems = problemsOf({ weights: { pm25: 2, vocs: 1.5, 'pm-25': 3 } });

    // Assess
    expect(problems).toEqual([
      { path: 'assessment.weights.pm-25', rule: 'unknown_goal', message: '"pm-25" is not a goal of the plan', messageZh: '"pm-25" 不是本计划中的目标' },
    ]);
  });

  it(`more than ${MAX_WEIGHTS} weights (rule too_many)`, () => {
    // Prepare
    const weights = Object.fromEntries(Array.from({ length: MAX_WEIGHTS + 1 }, (_, i) => [`g${i}`, 1]));

    // Act
    const parsed = AssessmentRules.safeParse({ weights });

    // Assess
    expect(parsed.success).toBe(false);
    expect(problemsFromZodIssues(parsed.error?.issues ?? [], { weights }).map((p) => `${p.path} ${p.rule}`)).toEqual(['weights too_many']);
  });
});
