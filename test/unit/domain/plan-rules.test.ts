import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultAssessmentRules } from '../../../shared/domain/assessment/rules.js';
import type { PlanInput } from '../../../shared/domain/plan.js';
import { formatProblem, validatePlan } from '../../../shared/domain/plan-rules.js';
import type { Problem } from '../../../shared/domain/problem.js';
import { smallPlan } from './plan-fixture.js';

function problemsOf(input: unknown): Problem[] {
  const result = validatePlan(input);
  if (result.ok) throw new Error('expected problems, the plan is valid');
  return result.problems;
}

function rulesAt(input: unknown): string[] {
  return problemsOf(input).map((p) => `${p.path} ${p.rule}`);
}

function goal(plan: PlanInput, index: number): Record<string, unknown> {
  return plan.goals[index] as unknown as Record<string, unknown>;
}

describe('validatePlan: a valid plan', () => {
  it('returns the plan with defaults applied', () => {
    // Prepare
    const plan = smallPlan();

    // Act
    const result = validatePlan(plan);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        ...plan,
        timezone: 'Asia/Shanghai',
        tracking: { reviewLevels: 2, margin: 0.1, ladder: { remindBefore: 5, urge: 1, supervise: 5, notice: 10, summon: 20 } },
        assessment: defaultAssessmentRules,
      },
    });
  });
});

describe('validatePlan: tracking.ladder', () => {
  it('keeps the default of every step left out', () => {
    // Act
    const result = validatePlan({ ...smallPlan(), tracking: { ladder: { remindBefore: 3, summon: 30 } } });

    // Assess
    expect(result.ok && result.value.tracking).toEqual({
      reviewLevels: 2,
      margin: 0.1,
      ladder: { remindBefore: 3, urge: 1, supervise: 5, notice: 10, summon: 30 },
    });
  });

  it('names a step that does not rise above the one before (rule order), at the later step', () => {
    // Act
    const problems = problemsOf({ ...smallPlan(), tracking: { ladder: { urge: 5, notice: 30, summon: 30 } } });

    // Assess
    expect(problems).toEqual([
      {
        path: 'tracking.ladder.summon',
        rule: 'order',
        message: 'summon (30) must be more than notice (30)',
        messageZh: '约谈（30）必须大于通报（30）',
      },
      {
        path: 'tracking.ladder.supervise',
        rule: 'order',
        message: 'supervise (5) must be more than urge (5)',
        messageZh: '督办（5）必须大于催办（5）',
      },
    ]);
  });

  it('takes whole numbers of working days from 0 to 250', () => {
    // Act / Assess
    expect(rulesAt({ ...smallPlan(), tracking: { ladder: { remindBefore: -1, urge: 0.5, summon: 251, color: 1 } } })).toEqual([
      'tracking.ladder.color unknown_field',
      'tracking.ladder.remindBefore too_small',
      'tracking.ladder.summon too_big',
      'tracking.ladder.urge integer',
    ]);
  });
});

describe('validatePlan: structure', () => {
  it('names a bad date with its 0-based path, in English and Chinese', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[3]!.deadline = '2022-13-01';

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      { path: 'goals[3].deadline', rule: 'date', message: '"2022-13-01" is not a date', messageZh: '"2022-13-01" 不是有效日期' },
    ]);
    expect(formatProblem(problems[0]!)).toBe('goals[3].deadline: "2022-13-01" is not a date / "2022-13-01" 不是有效日期');
  });

  it('hints at the date format when the text is not shaped like one', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[0]!.deadline = '2022/12/31';

    // Act
    const [problem] = problemsOf(plan);

    // Assess
    expect(problem).toMatchObject({ path: 'goals[0].deadline', rule: 'date', message: '"2022/12/31" is not a date (use YYYY-MM-DD)' });
  });

  it('reports an unknown field where it is written', () => {
    // Prepare
    const plan = smallPlan();
    Object.assign(goal(plan, 1), { colour: 'red' });

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[1].colour',
        rule: 'unknown_field',
        message: '"colour" is not a known field',
        messageZh: '"colour" 不是可识别的字段',
      },
    ]);
  });

  it('names missing, mistyped, too long and malformed fields with stable rules', () => {
    // Prepare
    const plan = smallPlan();
    delete goal(plan, 0).title;
    goal(plan, 1).target = 'many';
    goal(plan, 2).target = 2.5;
    plan.goals[3]!.title = 'x'.repeat(201);
    plan.units[0]!.id = 'Hu Shan';
    goal(plan, 4).kind = 'wish';
    plan.units[1]!.kind = 'village' as 'town';

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        'goals[0].title required',
        'goals[1].target type',
        'goals[2].target integer',
        'goals[3].title too_long',
        'units[0].id slug',
        'goals[4].kind one_of',
        'units[1].kind one_of',
      ]),
    );
  });

  it('refuses names, titles, units of measure and bases hiding a character (control_character); a basis may have several lines', () => {
    // Prepare
    const plan = smallPlan();
    plan.name = 'Test plan\u202E2202';
    plan.units[0]!.name = '浒山\u200B街道';
    plan.goals[0]!.title = 'PM2.5\nannual mean';
    goal(plan, 1).unitOfMeasure = '个\u0000';
    goal(plan, 2).basis = '按园区数量分解\r覆盖';
    goal(plan, 3).basis = '第一段\n第二段\t完';

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual([
      'goals[0].title control_character',
      'goals[1].unitOfMeasure control_character',
      'goals[2].basis control_character',
      'name control_character',
      'units[0].name control_character',
    ]);
    expect(problems[0]).toMatchObject({ message: expect.stringMatching(/^title contains U\+000A/), messageZh: expect.stringMatching(/^title 含有.*U\+000A/) });
  });

  it('quotes a huge key or id cut to 100 characters', () => {
    // Prepare
    const huge = 'k'.repeat(1_000_000);
    const plan = smallPlan();
    Object.assign(plan, { [huge]: 1 });
    plan.units.push({ id: huge, name: '重复', kind: 'department' }, { id: huge, name: '重复', kind: 'department' });

    // Act
    const problems = problemsOf(plan);

    // Assess
    const cut = `${'k'.repeat(99)}…`;
    expect(problems).toContainEqual(expect.objectContaining({ path: cut, rule: 'unknown_field', message: `"${cut}" is not a known field` }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'units[6].id', rule: 'duplicate_id', message: `"${cut}" is already the id of units[5]` }));
    expect(Math.max(...problems.map((p) => JSON.stringify(p).length))).toBeLessThan(500);
  });

  it('explains a unit set that is neither a named set nor a list', () => {
    // Prepare
    const plan = smallPlan();
    goal(plan, 0).allocation = { method: 'each', units: 'villages' };

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'goals[0].allocation.units',
        rule: 'unit_set',
        message: '"villages" is not a unit set: use towns, departments, all, a list of unit ids or { kind, tag }',
      }),
    ]);
  });

  it('reports a key that is not an id under the key', () => {
    // Prepare
    const plan = smallPlan();
    goal(plan, 2).allocation = { method: 'quota', quotas: { hushan: 1, 周巷镇: 2 } };

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toContain('goals[2].allocation.quotas.周巷镇 slug');
  });

  it('never throws and always explains itself, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ id: fc.anything(), year: fc.anything(), units: fc.anything(), goals: fc.anything() })), (input) => {
        // Act
        const result = validatePlan(input);

        // Assess
        expect(result.ok).toBe(false);
        for (const p of result.ok ? [] : result.problems) {
          expect(p.rule).toMatch(/^[a-z_]+$/);
          expect(p.message.length).toBeGreaterThan(0);
          expect(p.messageZh.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('validatePlan: rules across fields', () => {
  it('reports duplicate unit and goal ids at the second occurrence', () => {
    // Prepare
    const plan = smallPlan();
    plan.units.push({ id: 'hushan', name: '浒山办', kind: 'department' });
    plan.goals[4]!.id = 'vocs';

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      { path: 'goals[4].id', rule: 'duplicate_id', message: '"vocs" is already the id of goals[1]', messageZh: '编号 "vocs" 与 goals[1] 重复' },
      { path: 'units[5].id', rule: 'duplicate_id', message: '"hushan" is already the id of units[0]', messageZh: '编号 "hushan" 与 units[0] 重复' },
    ]);
  });

  it('reports every reference to an unknown unit: lead, co-units, unit list, quota and override keys', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[0]!.allocation = { method: 'each', units: 'towns', overrides: { fuhai: 30 } };
    plan.goals[1]!.lead = 'epb';
    plan.goals[1]!.coUnits = ['water-office', 'transport'];
    plan.goals[2]!.allocation = { method: 'quota', quotas: { hushan: 1, guanhaiwei: 2 } };
    plan.goals[3]!.allocation = { method: 'even', units: ['hushan', 'kandun'] };

    // Act
    const unknown = problemsOf(plan).filter((p) => p.rule === 'unknown_unit');

    // Assess
    expect(unknown.map((p) => p.path)).toEqual([
      'goals[0].allocation.overrides.fuhai',
      'goals[1].coUnits[1]',
      'goals[1].lead',
      'goals[2].allocation.quotas.guanhaiwei',
      'goals[3].allocation.units[1]',
    ]);
    expect(unknown[2]).toMatchObject({ message: '"epb" is not a unit of the plan', messageZh: '"epb" 不是本计划中的单位' });
  });

  it('reports quotas of a quantity goal that do not sum to its target, naming both numbers', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[2]!.allocation = { method: 'quota', quotas: { hushan: 1, zhouxiang: 1 } };

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[2].allocation.quotas',
        rule: 'shares_sum',
        message: 'the quotas sum to 2 but the target is 3',
        messageZh: '配额合计 2，与目标值 3 不一致',
      },
    ]);
  });

  it('reports a fractional quota of a quantity goal', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[2]!.allocation = { method: 'quota', quotas: { hushan: 1.5, zhouxiang: 1.5 } };

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual(['goals[2].allocation.quotas.hushan integer', 'goals[2].allocation.quotas.zhouxiang integer']);
  });

  it('reports an override of a quantity goal that is not a whole number', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[3]!.allocation = { method: 'each', units: 'towns', overrides: { hushan: 2.5, longshan: -1 } };

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual(['goals[3].allocation.overrides.hushan integer', 'goals[3].allocation.overrides.longshan integer']);
  });

  it('reports a deadline outside the plan year', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[4]!.deadline = '2023-01-15';

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[4].deadline',
        rule: 'deadline_outside_year',
        message: '2023-01-15 is outside the plan year 2022',
        messageZh: '2023-01-15 不在计划年度 2022 年内',
      },
    ]);
  });

  it('reports milestones out of order, outside the year, after the deadline, shrinking, or short on the deadline', () => {
    // Prepare
    const plan = smallPlan();
    goal(plan, 2).milestones = [
      { date: '2021-12-31', share: 0.1 },
      { date: '2022-06-30', share: 0.5 },
      { date: '2022-06-30', share: 0.4 },
      { date: '2022-11-30', share: 0.9 },
      { date: '2022-12-15', share: 1 },
    ];

    // Act
    const found = problemsOf(plan).filter((p) => p.rule === 'milestones');

    // Assess
    expect(found.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'goals[2].milestones[0].date: 2021-12-31 is outside the plan year 2022',
      'goals[2].milestones[2].date: 2022-06-30 is not after the previous milestone 2022-06-30',
      'goals[2].milestones[2].share: 0.4 is less than the previous share 0.5',
      'goals[2].milestones[3].share: the milestone on the deadline must be 1 (the whole target)',
      'goals[2].milestones[4].date: 2022-12-15 is after the deadline 2022-11-30',
    ]);
  });

  it('reports a unit of a proportional set without the base', () => {
    // Prepare
    const plan = smallPlan();
    delete plan.units[2]!.bases!.enterprises;

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[1].allocation.base',
        rule: 'missing_base',
        message: 'no base "enterprises" for 周巷镇 (zhouxiang)',
        messageZh: '以下单位缺少分解基数 "enterprises"：周巷镇 (zhouxiang)',
      },
    ]);
  });

  it('reports a proportional split whose bases are all zero', () => {
    // Prepare
    const plan = smallPlan();
    for (const unit of plan.units) if (unit.bases) unit.bases.enterprises = 0;

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual(['goals[1].allocation.base missing_base']);
  });

  it('reports a named unit set that resolves to no unit', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[3]!.allocation = { method: 'even', units: 'departments' };
    plan.units = plan.units.filter((u) => u.kind !== 'department');
    for (const g of plan.goals) {
      g.lead = 'hushan';
      delete g.coUnits;
    }

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[3].allocation.units',
        rule: 'empty_unit_set',
        message: 'the unit set "departments" contains no unit',
        messageZh: '单位范围 "departments" 中没有任何单位',
      },
    ]);
  });

  it('reports an override for a unit outside the goal\'s unit set', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[0]!.allocation = { method: 'each', units: ['hushan', 'zhouxiang'], overrides: { longshan: 28 } };

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[0].allocation.overrides.longshan',
        rule: 'override_not_in_set',
        message: '"longshan" (龙山镇) is not in the unit set of this goal',
        messageZh: '"longshan" (龙山镇) 不在本目标的单位范围内',
      },
    ]);
  });

  it('reports an allocation method that cannot split the goal\'s kind', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[0]!.allocation = { method: 'even', units: 'towns' };
    plan.goals[4]!.allocation = { method: 'quota', quotas: { hushan: 1 } };

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[0].allocation.method',
        rule: 'method_for_kind',
        message: 'a indicator goal cannot be split by "even"; use each, quota, lead',
        messageZh: '指标类目标不能用 "even" 分解，可用：each、quota、lead',
      },
      expect.objectContaining({ path: 'goals[4].allocation.method', rule: 'method_for_kind' }),
    ]);
  });

  it('reports a time zone that does not exist', () => {
    // Prepare
    const plan = { ...smallPlan(), timezone: 'Asia/Cixi' };

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual(['timezone timezone']);
  });
});

describe('validatePlan: everything at once', () => {
  it('reports problems of several kinds and goals together, in path order', () => {
    // Prepare
    const plan = smallPlan();
    Object.assign(plan, { owner: 'someone' });
    plan.units.push({ id: 'hushan', name: '浒山办', kind: 'department' });
    plan.goals[1]!.lead = 'nobody';
    plan.goals[3]!.deadline = '2022-13-01';
    goal(plan, 4).kind = 'wish';

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual([
      'goals[1].lead unknown_unit',
      'goals[3].deadline date',
      'goals[4].kind one_of',
      'owner unknown_field',
      'units[5].id duplicate_id',
    ]);
  });

  it('still checks the unit references and year of a goal that breaks the schema', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[1]!.lead = 'nobody';
    plan.goals[1]!.title = '';
    plan.goals[2]!.deadline = '2023-03-31';
    goal(plan, 2).kind = 'wish';

    // Act
    const found = rulesAt(plan);

    // Assess
    expect(found).toEqual([
      'goals[1].lead unknown_unit',
      'goals[1].title required',
      'goals[2].deadline deadline_outside_year',
      'goals[2].kind one_of',
    ]);
  });
});
