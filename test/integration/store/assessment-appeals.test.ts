import { describe, expect, it } from 'vitest';
import { AppealDecided } from '../../../shared/domain/assessment/errors.js';
import { NotFound } from '../../../shared/domain/errors.js';
import { errorResponse } from '../../../shared/http/error-response.js';
import { useTestTable } from '../../support/test-table.js';

await useTestTable();
const { decideAppeal, fileAppeal, getAppeal, listAppeals, setAppealRescoreRun, upheldWaivers } = await import('../../../shared/store/assessment-appeals.js');

const FILED = '2025-01-10T02:00:00.000Z';
const DECIDED = '2025-01-13T02:00:00.000Z';
const vocsLine = 'escalation:cixi-2024.vocs.longshan:overdue:2024-11-30';

const file = (unitId: string, lineId: string, reason: string) =>
  fileAppeal({ year: 2024, unitId, lineId, reason, by: `unit:${unitId}/token:${unitId}`, at: FILED, runId: 'run-a' });

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
