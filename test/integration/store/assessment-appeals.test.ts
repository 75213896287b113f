import { describe, expect, it } from 'vitest';
import { AppealDecided, AppealLimit, AppealPending } from '../../../shared/domain/assessment/errors.js';
import { NotFound } from '../../../shared/domain/errors.js';
import { errorResponse } from '../../../shared/http/error-response.js';
import { useTestTable } from '../../support/test-table.js';

await useTestTable();
const { decideAppeal, fileAppeal, getAppeal, listAppeals, MAX_APPEALS_PER_UNIT, setAppealRescoreRun, upheldWaivers } = await import('../../../shared/store/assessment-appeals.js');

const FILED = '2025-01-10T02:00:00.000Z';
const DECIDED = '2025-01-13T02:00:00.000Z';
const vocsLine = 'escalation:cixi-2024.vocs.longshan:overdue:2024-11-30';

const file = (unitId: string, lineId: string, reason: string, year = 2024) =>
  fileAppeal({ year, unitId, lineId, reason, by: `unit:${unitId}/token:${unitId}`, at: FILED, runId: 'run-a' });

/** The error a promise was rejected with (undefined when it was not). */
const refusalOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** What the API answers for an error: its status and body. */
function answerOf(error: unknown): { status: number; body: { error?: string; message?: string } } {
  const response = errorResponse(error);
  return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
}

describe('appeals', () => {
  it('are filed pending, numbered ap-1, ap-2 … in the year, and listed all or by unit', async () => {
    // Act
    const first = await file('longshan', vocsLine, '已按期完成，系统误判');
    const second = await file('zhangqi', 'timeliness:cixi-2024.vocs.zhangqi', '验收延误不在我镇');

    // Assess
    expect(first).toEqual({
      appealId: 'ap-1',
      year: 2024,
      unitId: 'longshan',
      lineId: vocsLine,
      reason: '已按期完成，系统误判',
      filedBy: 'unit:longshan/token:longshan',
      filedAt: FILED,
      runId: 'run-a',
      status: 'pending',
    });
    expect(second.appealId).toBe('ap-2');
    expect(await getAppeal(2024, 'ap-1')).toEqual(first);
    expect((await listAppeals(2024)).map((appeal) => appeal.appealId)).toEqual(['ap-1', 'ap-2']);
    expect(await listAppeals(2024, 'zhangqi')).toEqual([second]);
    expect(await listAppeals(2023)).toEqual([]);
  });

  it('are decided once: an upheld appeal keeps its decision and the re-score run, a second decision is 409 appeal_decided', async () => {
    // Act
    const upheld = await decideAppeal({ year: 2024, appealId: 'ap-1', decision: 'uphold', reason: '核实属实，撤销扣分', points: 0, by: 'token:admin', at: DECIDED });
    await setAppealRescoreRun(2024, 'ap-1', 'run-b');
    const again = await decideAppeal({ year: 2024, appealId: 'ap-1', decision: 'reject', reason: '改判', by: 'token:admin', at: DECIDED }).catch((error: unknown) => error);

    // Assess
    expect(upheld).toMatchObject({ appealId: 'ap-1', status: 'upheld', decision: { by: 'token:admin', at: DECIDED, reason: '核实属实，撤销扣分', points: 0 } });
    expect(again).toBeInstanceOf(AppealDecided);
    const response = errorResponse(again);
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ error: 'appeal_decided' });
    expect(await getAppeal(2024, 'ap-1')).toMatchObject({ status: 'upheld', rescoreRunId: 'run-b', decision: { reason: '核实属实，撤销扣分' } });
  });

  it('decided by two admins at once: one decision stands, the other is appeal_decided', async () => {
    // Act
    const outcomes = await Promise.allSettled([
      decideAppeal({ year: 2024, appealId: 'ap-2', decision: 'uphold', reason: '支持', by: 'token:admin', at: DECIDED }),
      decideAppeal({ year: 2024, appealId: 'ap-2', decision: 'reject', reason: '驳回', by: 'token:admin2', at: DECIDED }),
    ]);

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason)).toEqual([expect.any(AppealDecided)]);
  });

  it('that do not exist are 404 to decide or to link to a run', async () => {
    // Act
    const decided = await decideAppeal({ year: 2024, appealId: 'ap-99', decision: 'reject', reason: '—', by: 'token:admin', at: DECIDED }).catch((error: unknown) => error);
    const linked = await setAppealRescoreRun(2024, 'ap-99', 'run-c').catch((error: unknown) => error);

    // Assess
    expect(decided).toBeInstanceOf(NotFound);
    expect(linked).toBeInstanceOf(NotFound);
  });

  it('give the scorer a waiver per upheld appeal', async () => {
    // Prepare: ap-2 was decided either way above; a third stays pending.
    await file('guanhaiwei', 'completion:cixi-2024.pm25.guanhaiwei', '监测点位调整');
    const ap2 = (await getAppeal(2024, 'ap-2'))!;

    // Act
    const waivers = await upheldWaivers(2024);

    // Assess
    expect(waivers).toEqual([
      { appealId: 'ap-1', unitId: 'longshan', lineId: vocsLine, points: 0 },
      ...(ap2.status === 'upheld' ? [{ appealId: 'ap-2', unitId: 'zhangqi', lineId: 'timeliness:cixi-2024.vocs.zhangqi' }] : []),
    ]);
  });
});

describe('how many appeals a unit may file', () => {
  // Each test files in a year of its own, so that the counts start at zero.
  const line = 'completion:cixi-2024.vocs.longshan';

  it('is one pending appeal per line: a second one is 409 appeal_pending and writes nothing', async () => {
    // Prepare
    const first = await file('longshan', line, '第一次申诉', 2030);

    // Act
    const second = await refusalOf(file('longshan', line, '重复申诉', 2030));
    const otherLine = await file('longshan', `timeliness:cixi-2024.vocs.longshan`, '另一条明细', 2030);
    const otherUnit = await file('zhangqi', line, '另一个单位的同名明细', 2030);

    // Assess
    expect(second).toBeInstanceOf(AppealPending);
    expect(answerOf(second)).toEqual({
      status: 409,
      body: { error: 'appeal_pending', message: expect.stringMatching(new RegExp(`pending appeal of line ${line}.* / .*申诉尚未处理`)) },
    });
    expect((await listAppeals(2030)).map((appeal) => appeal.appealId)).toEqual([first.appealId, otherLine.appealId, otherUnit.appealId]);
    expect([first.appealId, otherLine.appealId, otherUnit.appealId]).toEqual(['ap-1', 'ap-2', 'ap-3']);
  });

  it.each(['reject', 'uphold'] as const)('allows the line to be appealed again once its appeal is decided (%s)', async (decision) => {
    // Prepare
    const year = decision === 'reject' ? 2031 : 2032;
    const first = await file('longshan', line, '第一次申诉', year);
    await decideAppeal({ year, appealId: first.appealId, decision, reason: '已处理', by: 'token:admin', at: DECIDED });

    // Act
    const again = await file('longshan', line, '补充材料后再次申诉', year);

    // Assess
    expect(again).toMatchObject({ appealId: 'ap-2', lineId: line, status: 'pending' });
    expect(await refusalOf(file('longshan', line, '第三次', year))).toBeInstanceOf(AppealPending);
  });

  it('holds for two identical appeals sent at once: exactly one is filed', async () => {
    // Act
    const outcomes = await Promise.allSettled([file('longshan', line, '同时提交', 2033), file('longshan', line, '同时提交', 2033)]);

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))).toEqual([expect.any(AppealPending)]);
    expect(await listAppeals(2033)).toHaveLength(1);
  });

  it(`is ${MAX_APPEALS_PER_UNIT} in a year: the next one is 409 appeal_limit, naming the limit; another unit and another year are not counted`, async () => {
    // Prepare: as many appeals as allowed, each of a line of its own, two of them at a time.
    const lines = Array.from({ length: MAX_APPEALS_PER_UNIT }, (_, i) => `completion:cixi-2024.goal-${i}.longshan`);
    for (let i = 0; i < lines.length; i += 2) await Promise.all(lines.slice(i, i + 2).map((lineId) => file('longshan', lineId, '申诉', 2034)));

    // Act
    const over = await refusalOf(file('longshan', 'completion:cixi-2024.goal-x.longshan', '第 51 次', 2034));
    const otherUnit = await file('zhangqi', lines[0]!, '另一个单位', 2034);
    const otherYear = await file('longshan', 'completion:cixi-2024.goal-x.longshan', '另一年度', 2035);

    // Assess
    expect(MAX_APPEALS_PER_UNIT).toBe(50);
    expect(over).toBeInstanceOf(AppealLimit);
    expect(answerOf(over)).toEqual({
      status: 409,
      body: { error: 'appeal_limit', message: expect.stringMatching(/filed 50 appeals against the 2034 assessment, the most a unit may file in a year \/ .*50 次的上限/) },
    });
    expect(await listAppeals(2034, 'longshan')).toHaveLength(MAX_APPEALS_PER_UNIT);
    expect(otherUnit.status).toBe('pending');
    expect(otherYear.status).toBe('pending');
  });

  it('holds the limit for appeals sent at once: one short of it, one of three is filed', async () => {
    // Prepare: one short of the limit.
    const lines = Array.from({ length: MAX_APPEALS_PER_UNIT + 2 }, (_, i) => `completion:cixi-2024.goal-${i}.longshan`);
    for (let i = 0; i < MAX_APPEALS_PER_UNIT - 1; i += 7) await Promise.all(lines.slice(i, Math.min(i + 7, MAX_APPEALS_PER_UNIT - 1)).map((lineId) => file('longshan', lineId, '申诉', 2036)));

    // Act: the last allowed and two more, at once.
    const outcomes = await Promise.allSettled(lines.slice(MAX_APPEALS_PER_UNIT - 1).map((lineId) => file('longshan', lineId, '同时提交', 2036)));

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))).toEqual([expect.any(AppealLimit), expect.any(AppealLimit)]);
    expect(await listAppeals(2036)).toHaveLength(MAX_APPEALS_PER_UNIT);
  });
});
