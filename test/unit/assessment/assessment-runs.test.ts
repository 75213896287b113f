import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { AssessmentRunning } from '../../../shared/domain/assessment/errors.js';
import type { RankedUnit, UnitScore } from '../../../shared/domain/assessment/types.js';
import type { AuditChange } from '../../../shared/store/assessment-runs.js';
import { Conflict } from '../../../shared/domain/errors.js';
import { useTestTable } from '../../support/test-table.js';

// The assessment's run items on DynamoDB Local: the year lock, a run's scores and lines, PUBLISHED moved
// with its audit item. Cixi units and figures.
const tableName = await useTestTable();
const store = await import('../../../shared/store/assessment-runs.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');

const clock = fixedClock('2023-01-16T09:00:00+08:00');
const newRun = (year: number, runId: string) => ({ runId, year, dryRun: false, startedAt: '2023-01-16T01:00:00.000Z', startedBy: 'admin:li' });
const lockOf = async (year: number) => (await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.assessmentLock(year), ConsistentRead: true }))).Item;

const T = 'cixi-2022.hazardous-waste-network.hushan';
const hushan: UnitScore = {
  unitId: 'hushan',
  unitName: '浒山街道',
  unitKind: 'street',
  total: 91.5,
  completion: 75,
  timeliness: 16.5,
  deductions: 0,
  bonus: 0,
  vetoed: false,
  tasks: 1,
  lineItems: [
    { lineId: `completion:${T}`, taskId: T, role: 'own', rule: 'completion', points: 75, max: 80, eventIds: [], detail: { done: 30, target: 40, ratio: 0.75 } },
    { lineId: `timeliness:${T}`, taskId: T, role: 'own', rule: 'timeliness', points: 16.5, max: 20, eventIds: [`${T}@9`], detail: { workingDaysLate: 2 } },
  ],
};
const baishalu: UnitScore = { ...hushan, unitId: 'baishalu', unitName: '白沙路街道', total: 80, completion: 80, timeliness: 0, lineItems: [] };
const rankedOf = (score: UnitScore, rank: number, grade: RankedUnit['grade']): RankedUnit => {
  const { lineItems: _, tasks: __, ...rest } = score;
  const { unitKind: _kind, ...figures } = rest;
  return { ...figures, group: 'towns', groupName: '镇街道', rank, grade };
};

describe('the year lock', () => {
  it('lets one run of a year at a time: a second is refused with assessment_running until the first ends', async () => {
    // Prepare
    await store.createRun(newRun(2022, 'run-1'), clock);

    // Act
    const second = store.createRun(newRun(2022, 'run-2'), clock);

    // Assess
    await expect(second).rejects.toBeInstanceOf(AssessmentRunning);
    await expect(second).rejects.toMatchObject({ code: 'assessment_running', runId: 'run-1' });
    expect(await store.getRun(2022, 'run-2')).toBeUndefined();
    expect(await store.createRun(newRun(2023, 'run-2'), clock)).toMatchObject({ status: 'RUNNING' });

    // Act: the first ends, the second may start
    await store.finishRun(2022, 'run-1', { units: 2, published: true, revision: 1 }, clock);
    await store.createRun(newRun(2022, 'run-2'), clock);

    // Assess
    expect(await store.getRun(2022, 'run-1')).toMatchObject({ status: 'SUCCEEDED', units: 2, published: true, revision: 1, finishedAt: '2023-01-16T01:00:00.000Z' });
    expect(await lockOf(2022)).toMatchObject({ runId: 'run-2' });
  });

  it('is released by a failed run; ending a run again leaves another run\'s lock alone', async () => {
    // Prepare
    await store.createRun(newRun(2024, 'run-a'), clock);
    await store.failRun(2024, 'run-a', { Error: 'RetryableError', Cause: 'throttled' }, clock);
    await store.createRun(newRun(2024, 'run-b'), clock);

    // Act
    await store.failRun(2024, 'run-a', { Error: 'RetryableError', Cause: 'throttled' }, clock);

    // Assess
    expect(await store.getRun(2024, 'run-a')).toMatchObject({ status: 'FAILED', error: { Error: 'RetryableError' } });
    expect(await lockOf(2024)).toMatchObject({ runId: 'run-b' });
  });

  it('refuses a run id used before', async () => {
    await store.createRun(newRun(2025, 'run-x'), clock);
    await store.finishRun(2025, 'run-x', { units: 0, published: false }, clock);

    await expect(store.createRun(newRun(2025, 'run-x'), clock)).rejects.toBeInstanceOf(Conflict);
  });
});

describe("a run's scores", () => {
  it('keeps each unit\'s score apart from its line items, read back by one Query each', async () => {
    // Act
    await store.putUnitScores(2022, 'scores', [hushan, baishalu]);
    await store.putUnitScores(2022, 'scores', [hushan]);

    // Assess
    const { lineItems, ...summary } = hushan;
    const { lineItems: _, ...baishaluSummary } = baishalu;
    expect(await store.listUnitScores(2022, 'scores')).toEqual([baishaluSummary, summary]);
    expect(await store.getUnitLines(2022, 'scores', 'hushan')).toEqual(lineItems);
    expect(await store.listUnitLines(2022, 'scores')).toEqual(new Map([['baishalu', []], ['hushan', lineItems]]));
    expect(await store.listUnitScores(2022, 'other-run')).toEqual([]);
  });
});

describe('PUBLISHED', () => {
  const reports = (runId: string) => ({ csv: `reports/assessments/2021/${runId}.csv`, xlsx: `reports/assessments/2021/${runId}.xlsx`, html: `reports/assessments/2021/${runId}.html` });
  const publication = (runId: string, changes: AuditChange[] = []) => ({
    year: 2021,
    runId,
    publishedOn: '2023-01-16',
    appealsUntil: '2023-01-30',
    reports: reports(runId),
    changes,
  });

  it('moves to revision 1, then 2, with an audit item each holding the old and new figures; a retried move writes nothing again', async () => {
    // Prepare
    const first = [rankedOf(hushan, 1, 'excellent'), rankedOf(baishalu, 2, 'good')];
    const changes: AuditChange[] = [{ unitId: 'hushan', before: { total: 91.5, grade: 'excellent', rank: 1 }, after: { total: 78, grade: 'pass', rank: 2 } }];

    // Act
    const one = await store.movePublished(publication('run-1', first.map((u) => ({ unitId: u.unitId, before: null, after: { total: u.total, grade: u.grade, rank: u.rank } }))), undefined, clock);
    const two = await store.movePublished({ ...publication('run-2', changes), appealId: 'ap-1' }, one, fixedClock('2023-01-20T09:00:00+08:00'));
    const again = await store.movePublished({ ...publication('run-2', changes), appealId: 'ap-1' }, one, fixedClock('2023-01-20T09:05:00+08:00'));

    // Assess
    expect(one).toMatchObject({ runId: 'run-1', revision: 1 });
    expect(two).toMatchObject({ runId: 'run-2', revision: 2, reports: reports('run-2') });
    expect(again).toEqual(two);
    expect(await store.getPublished(2021)).toEqual(two);
    const audit = await store.listAssessmentAudit(2021);
    expect(audit.map((entry) => [entry.kind, entry.runId, entry.revision, entry.previousRunId, entry.appealId])).toEqual([
      ['published', 'run-1', 1, undefined, undefined],
      ['republished', 'run-2', 2, 'run-1', 'ap-1'],
    ]);
    expect(audit[1]!.changes).toEqual(changes);
  });

  it('refuses a move from a revision that is no longer the current one', async () => {
    const current = (await store.getPublished(2021))!;

    await expect(store.movePublished(publication('run-3'), { ...current, revision: 1 }, clock)).rejects.toBeInstanceOf(Conflict);
    expect(await store.getPublished(2021)).toEqual(current);
  });
});
