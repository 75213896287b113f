import { describe, expect, it } from 'vitest';
import { ActualsBody, AdjustmentBody, AppealBody, AppealDecisionBody, StartAssessmentBody, YearParams } from '../../../functions/assessments/schema.js';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { validate } from '../../../shared/http/validation.js';

/** The problems a request would be answered with (400), as `{ path, rule }`. */
function problemsOf(run: () => unknown): { path: string; rule: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  throw new Error('accepted');
}

describe('the year in a path', () => {
  it.each(['2022', '2000', '2100'])('takes %s', (year) => {
    expect(validate(YearParams, { year }, 'path')).toEqual({ year: Number(year) });
  });

  it.each(['1999', '2101', '22', 'abcd', '2022.5', '02022'])('refuses %s as one problem, pattern', (year) => {
    expect(problemsOf(() => validate(YearParams, { year }, 'path'))).toEqual([{ path: 'year', rule: 'pattern' }]);
  });
});

describe('POST /assessments', () => {
  it('takes a year alone, or with a dry run and rules (defaults applied)', () => {
    // Act
    const body = validate(StartAssessmentBody, { year: 2022, dryRun: true, rules: { grades: { excellent: 95 } } }, 'body');

    // Assess
    expect(body.year).toBe(2022);
    expect(body.rules?.grades).toEqual({ excellent: 95, good: 80, pass: 60 });
    expect(body.rules?.points).toEqual({ completion: 80, timeliness: 20 });
  });

  it('names every bad rule as rules.<field> with its rule', () => {
    // Act
    const problems = problemsOf(() =>
      validate(StartAssessmentBody, { year: 2022, rules: { grades: { excellent: 70, good: 80 }, bonusCap: -1, tieBreak: ['completion', 'completion'], colour: 'red' } }, 'body'),
    );

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'rules.grades.good', rule: 'order' },
        { path: 'rules.bonusCap', rule: 'too_small' },
        { path: 'rules.tieBreak[1]', rule: 'duplicate' },
        { path: 'rules.colour', rule: 'unknown_field' },
      ]),
    );
  });

  it('refuses a year outside 2000–2100 and unknown fields', () => {
    expect(problemsOf(() => validate(StartAssessmentBody, { year: 1999, publish: true }, 'body'))).toEqual([
      { path: 'year', rule: 'too_small' },
      { path: 'publish', rule: 'unknown_field' },
    ]);
  });
});

describe('PUT /assessments/{year}/actuals', () => {
  it('refuses a task listed twice, naming the second row', () => {
    // Prepare
    const actuals = [
      { taskId: 'cixi-2022.pm25.hushan', value: 31.5 },
      { taskId: 'cixi-2022.pm25.hushan', value: 29 },
    ];

    // Act / Assess
    expect(problemsOf(() => validate(ActualsBody, { actuals }, 'body'))).toEqual([{ path: 'actuals[1].taskId', rule: 'duplicate' }]);
  });

  it('refuses rows that are not a task id with a number, and more than 2000 rows', () => {
    expect(problemsOf(() => validate(ActualsBody, { actuals: [{ taskId: 'pm25', value: '31' }] }, 'body'))).toEqual([
      { path: 'actuals[0].taskId', rule: 'task_id' },
      { path: 'actuals[0].value', rule: 'type' },
    ]);
    const many = Array.from({ length: 2001 }, (_, i) => ({ taskId: `cixi-2022.pm25.town-${i}`, value: 30 }));
    expect(problemsOf(() => validate(ActualsBody, { actuals: many }, 'body'))).toEqual([{ path: 'actuals', rule: 'too_many' }]);
  });
});

describe('POST /assessments/{year}/adjustments', () => {
  it('takes a bonus with its points and a veto without', () => {
    expect(validate(AdjustmentBody, { unitId: 'hushan', kind: 'bonus', points: 2.5, reason: '省级表彰' }, 'body').points).toBe(2.5);
    expect(validate(AdjustmentBody, { unitId: 'guanhaiwei', kind: 'veto', reason: '发生重大环境污染事件' }, 'body').kind).toBe('veto');
  });

  it.each([
    [{ unitId: 'hushan', kind: 'bonus', reason: '省级表彰' }, [{ path: 'points', rule: 'required' }]],
    [{ unitId: 'hushan', kind: 'veto', points: 1, reason: '事故' }, [{ path: 'points', rule: 'not_allowed' }]],
    [{ unitId: 'hushan', kind: 'bonus', points: 21, reason: '表彰' }, [{ path: 'points', rule: 'too_big' }]],
    [{ unitId: 'hushan', kind: 'bonus', points: 0, reason: '表彰' }, [{ path: 'points', rule: 'too_small' }]],
    [{ unitId: 'hushan', kind: 'bonus', points: 1, reason: 'x'.repeat(501) }, [{ path: 'reason', rule: 'too_long' }]],
  ])('refuses %j', (body, expected) => {
    expect(problemsOf(() => validate(AdjustmentBody, body, 'body'))).toEqual(expected);
  });
});

describe('POST /assessments/{year}/appeals/{appealId}/decision', () => {
  it('lets only an upheld appeal set points', () => {
    expect(validate(AppealDecisionBody, { decision: 'uphold', reason: '扣分有误', points: 0 }, 'body').points).toBe(0);
    expect(problemsOf(() => validate(AppealDecisionBody, { decision: 'reject', reason: '理由不足', points: 0 }, 'body'))).toEqual([
      { path: 'points', rule: 'not_allowed' },
    ]);
  });
});

describe('free text of the assessment routes', () => {
  it.each([
    ['a bonus reason', AdjustmentBody, (reason: string) => ({ unitId: 'hushan', kind: 'bonus', points: 2, reason }), 'reason'],
    ['a veto reason', AdjustmentBody, (reason: string) => ({ unitId: 'hushan', kind: 'veto', reason }), 'reason'],
    ['an appeal reason', AppealBody, (reason: string) => ({ lineId: 'completion:cixi-2022.pm25.hushan', reason }), 'reason'],
    ['an appealed line', AppealBody, (lineId: string) => ({ lineId, reason: '年均浓度为省站核定值' }), 'lineId'],
    ['a decision reason', AppealDecisionBody, (reason: string) => ({ decision: 'reject', reason }), 'reason'],
  ] as const)('refuses %s hiding a character (control_character)', (_, schema, body, field) => {
    // Act / Assess
    expect(problemsOf(() => validate(schema, body('核实\u202E无误'), 'body'))).toEqual([{ path: field, rule: 'control_character' }]);
  });

  it('keeps the lines of a reason, not those of a line id', () => {
    // Act / Assess
    expect(validate(AppealDecisionBody, { decision: 'reject', reason: '经核实：\n\t1. 数据无误' }, 'body').reason).toBe('经核实：\n\t1. 数据无误');
    expect(problemsOf(() => validate(AppealBody, { lineId: 'completion:\nx', reason: '理由' }, 'body'))).toEqual([{ path: 'lineId', rule: 'control_character' }]);
  });
});
