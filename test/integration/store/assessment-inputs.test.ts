import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { useTestTable } from '../../support/test-table.js';
import { plan, putTasks, task } from '../functions/fixtures.js';

const tableName = await useTestTable();
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { putActuals, listActuals, recordAdjustment, listAdjustments, approveDisclosure, getDisclosure, readAssessmentInputs } = await import(
  '../../../shared/store/assessment-inputs.js'
);
const { fileAppeal, decideAppeal } = await import('../../../shared/store/assessment-appeals.js');
const { freezeYear } = await import('../../../shared/store/freeze.js');

const AT = '2025-01-06T02:00:00.000Z';
const pm25 = { kind: 'indicator' as const, title: 'PM2.5 年均浓度', target: 29, direction: 'at_most' as const, deadline: '2024-12-31' };

beforeAll(async () => {
  await savePlan(plan, 'test', fixedClock('2024-01-10T00:00:00Z'));
  await putTasks(tableName, [
    task({ goalId: 'pm25', unitId: 'longshan', ...pm25 }),
    task({ goalId: 'pm25', unitId: 'zhangqi', ...pm25 }),
    task({ goalId: 'vocs', unitId: 'longshan' }),
    task({ planId: 'cixi-2023', year: 2023, goalId: 'pm25', unitId: 'longshan', ...pm25, deadline: '2023-12-31' }),
  ]);
});

async function refusal(work: Promise<unknown>): Promise<InvalidInput> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInput);
  return error as InvalidInput;
}

describe('actuals', () => {
  it('saves each town’s PM2.5 annual mean, replacing an earlier one, and lists them with the task’s place', async () => {
    // Prepare: a first entry of Longshan's value, corrected below.
    await putActuals(2024, [{ taskId: 'cixi-2024.pm25.longshan', value: 31 }], 'token:admin', '2025-01-05T02:00:00.000Z');

    // Act
    const result = await putActuals(
      2024,
      [
        { taskId: 'cixi-2024.pm25.longshan', value: 27.4 },
        { taskId: 'cixi-2024.pm25.zhangqi', value: 30.1 },
      ],
      'token:admin',
      AT,
    );

    // Assess
    expect(result).toEqual({ saved: 2 });
    expect(await listActuals(2024)).toEqual([
      { actualId: 'actual:cixi-2024.pm25.longshan', taskId: 'cixi-2024.pm25.longshan', planId: 'cixi-2024', goalId: 'pm25', unitId: 'longshan', value: 27.4, enteredBy: 'token:admin', enteredAt: AT },
      { actualId: 'actual:cixi-2024.pm25.zhangqi', taskId: 'cixi-2024.pm25.zhangqi', planId: 'cixi-2024', goalId: 'pm25', unitId: 'zhangqi', value: 30.1, enteredBy: 'token:admin', enteredAt: AT },
    ]);
  });

  it('refuses the whole request naming every bad row and its rule, and saves none of it', async () => {
    // Act
    const error = await refusal(
      putActuals(
        2024,
        [
          { taskId: 'cixi-2024.pm25.guanhaiwei', value: 28 },
          { taskId: 'cixi-2024.vocs.longshan', value: 10 },
          { taskId: 'cixi-2023.pm25.longshan', value: 33 },
          { taskId: 'cixi-2024.pm25.zhangqi', value: Number.NaN },
          { taskId: 'cixi-2024.pm25.zhangqi', value: 29 },
          { taskId: 'cixi-2024.pm25.longshan', value: 26 },
        ],
        'token:admin',
        '2025-01-07T02:00:00.000Z',
      ),
    );

    // Assess: guanhaiwei has no PM2.5 task in this table; the last row alone is fine.
    expect(error.problems.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'actuals[0].taskId', rule: 'unknown_task' },
      { path: 'actuals[1].taskId', rule: 'not_indicator' },
      { path: 'actuals[2].taskId', rule: 'wrong_year' },
      { path: 'actuals[3].value', rule: 'finite' },
      { path: 'actuals[4].taskId', rule: 'duplicate' },
    ]);
    for (const problem of error.problems) expect(problem.messageZh).toMatch(/[\u4e00-\u9fff]/u);
    expect((await listActuals(2024)).map((actual) => actual.value)).toEqual([27.4, 30.1]);
  });
});

describe('adjustments', () => {
  it('are numbered adj-1, adj-2 when two admins record at the same moment, each once', async () => {
    // Act
    const recorded = await Promise.all([
      recordAdjustment({ year: 2024, unitId: 'longshan', kind: 'bonus', points: 2, reason: '省级生态文明示范镇', by: 'token:admin', at: AT }),
      recordAdjustment({ year: 2024, unitId: 'zhangqi', kind: 'veto', reason: '发生重大环境污染事件', by: 'token:admin2', at: AT }),
    ]);

    // Assess
    expect(recorded.map((adjustment) => adjustment.adjustmentId).sort()).toEqual(['adj-1', 'adj-2']);
    expect(await listAdjustments(2024)).toEqual(
      [...recorded].sort((a, b) => (a.adjustmentId < b.adjustmentId ? -1 : 1)),
    );
    expect(recorded.find((adjustment) => adjustment.kind === 'veto')).not.toHaveProperty('points');
  });

  it('go on from the counter: the next is adj-3', async () => {
    // Act
    const third = await recordAdjustment({ year: 2024, unitId: 'water-office', kind: 'bonus', points: 1, reason: '河长制考核优秀', by: 'token:admin', at: AT });

    // Assess
    expect(third).toEqual({ adjustmentId: 'adj-3', year: 2024, unitId: 'water-office', kind: 'bonus', points: 1, reason: '河长制考核优秀', recordedBy: 'token:admin', recordedAt: AT });
  });

  it('are refused for a unit of no plan of the year, on unitId', async () => {
    // Act
    const error = await refusal(recordAdjustment({ year: 2024, unitId: 'ningbo-port', kind: 'bonus', points: 1, reason: '—', by: 'token:admin', at: AT }));

    // Assess
    expect(error.problems).toEqual([expect.objectContaining({ path: 'unitId', rule: 'unknown_unit' })]);
  });
});

describe('disclosure', () => {
  it('is what an admin approved, per year and per plan, and nothing before', async () => {
    // Prepare
    expect(await getDisclosure({ year: 2024 })).toBeUndefined();

    // Act
    await approveDisclosure({ scope: { year: 2024 }, runId: 'run-a', by: 'token:admin', at: AT });
    await approveDisclosure({ scope: { planId: plan.id }, by: 'token:admin', at: AT });

    // Assess
    expect(await getDisclosure({ year: 2024 })).toEqual({ approvedBy: 'token:admin', approvedAt: AT, runId: 'run-a' });
    expect(await getDisclosure({ planId: plan.id })).toEqual({ approvedBy: 'token:admin', approvedAt: AT });
    expect(await getDisclosure({ year: 2023 })).toBeUndefined();
  });
});

describe('readAssessmentInputs', () => {
  it('reads the year’s actuals, adjustments and upheld appeals only, and no other year’s', async () => {
    // Prepare: the year's partition also holds a freeze and pending and rejected appeals; 2023 its own actual.
    await freezeYear({ year: 2024, by: 'token:admin', runId: 'run-a', at: AT });
    const base = { year: 2024, by: 'token:longshan', at: AT, runId: 'run-a' };
    const upheld = await fileAppeal({ ...base, unitId: 'longshan', lineId: 'escalation:cixi-2024.vocs.longshan:overdue:2024-11-30', reason: '已按期完成，系统误判' });
    const rejected = await fileAppeal({ ...base, unitId: 'longshan', lineId: 'timeliness:cixi-2024.vocs.longshan', reason: '验收延误不在我镇' });
    await fileAppeal({ ...base, unitId: 'zhangqi', lineId: 'completion:cixi-2024.pm25.zhangqi', reason: '监测点位调整' });
    await decideAppeal({ year: 2024, appealId: upheld.appealId, decision: 'uphold', reason: '核实属实', points: 0, by: 'token:admin', at: AT });
    await decideAppeal({ year: 2024, appealId: rejected.appealId, decision: 'reject', reason: '不属实', by: 'token:admin', at: AT });
    await putActuals(2023, [{ taskId: 'cixi-2023.pm25.longshan', value: 33 }], 'token:admin', AT);

    // Act
    const inputs = await readAssessmentInputs(2024);

    // Assess
    expect(inputs.actuals.map((actual) => actual.taskId)).toEqual(['cixi-2024.pm25.longshan', 'cixi-2024.pm25.zhangqi']);
    expect(inputs.adjustments.map((adjustment) => adjustment.adjustmentId)).toEqual(['adj-1', 'adj-2', 'adj-3']);
    expect(inputs.waivers).toEqual([{ appealId: 'ap-1', unitId: 'longshan', lineId: 'escalation:cixi-2024.vocs.longshan:overdue:2024-11-30', points: 0 }]);
  });
});
