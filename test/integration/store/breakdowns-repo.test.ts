import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { Conflict, NotFound } from '../../../shared/domain/errors.js';
import { useTestTable } from '../../support/test-table.js';

const tableName = await useTestTable();
const repo = await import('../../../shared/store/breakdowns-repo.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');

const startedAt = '2026-01-06T10:00:00+08:00';
const clock = fixedClock(startedAt);
const start = (planId: string, executionId: string, at = clock) =>
  repo.startBreakdown({ planId, revision: 2, executionId, startedAt, goalsTotal: 3, by: 'admin:li' }, at);
const lockOf = async (planId: string) =>
  (await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.breakdownLock(planId), ConsistentRead: true }))).Item;
const goalResult = (goalId: string, changedUnits: { created?: string[]; updated?: string[]; withdrawn?: string[] }) => ({
  goalId,
  created: changedUnits.created?.length ?? 0,
  updated: changedUnits.updated?.length ?? 0,
  unchanged: 1,
  withdrawn: changedUnits.withdrawn?.length ?? 0,
  changedUnits: { created: [], updated: [], withdrawn: [], ...changedUnits },
});

describe('the breakdown lock', () => {
  it('is taken with a RUNNING record, and refuses a second run of the same plan', async () => {
    // Prepare
    await start('locked', 'run-1');

    // Act
    const second = start('locked', 'run-2');

    // Assess
    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toThrow('a breakdown of plan locked is already running (run-1)');
    expect(await lockOf('locked')).toMatchObject({ entity: 'breakdownLock', executionId: 'run-1', expiresAt: Date.parse(startedAt) / 1000 + 3600 });
    expect(await repo.getBreakdown('locked', 'run-1')).toMatchObject({ status: 'RUNNING', revision: 2, goalsTotal: 3, goalsDone: 0 });
    expect(await repo.getBreakdown('locked', 'run-2')).toBeUndefined();
  });

  it('does not stop other plans', async () => {
    // Prepare
    await start('plan-a', 'run-a');

    // Act
    const other = start('plan-b', 'run-b');

    // Assess
    await expect(other).resolves.toBeUndefined();
  });

  it('can be taken over once expired (the state machine has timed the holder out)', async () => {
    // Prepare
    await start('expired', 'run-1');
    const anHourLater = fixedClock('2026-01-06T11:00:01+08:00');

    // Act
    await start('expired', 'run-2', anHourLater);

    // Assess
    expect(await lockOf('expired')).toMatchObject({ executionId: 'run-2' });
  });

  it('is released when the run finishes, so the next run can start', async () => {
    // Prepare
    await start('released', 'run-1');

    // Act
    await repo.finishBreakdown('released', 'run-1', { status: 'SUCCEEDED', tasks: { created: 3, updated: 0, unchanged: 0, withdrawn: 0, total: 3 } }, clock);
    await start('released', 'run-2');

    // Assess
    expect(await repo.getBreakdown('released', 'run-1')).toMatchObject({ status: 'SUCCEEDED', finishedAt: '2026-01-06T02:00:00.000Z' });
  });

  it('is left alone when finishing a run that no longer holds it', async () => {
    // Prepare
    await start('taken-over', 'run-1');
    await start('taken-over', 'run-2', fixedClock('2026-01-06T12:00:00+08:00'));

    // Act
    await repo.finishBreakdown('taken-over', 'run-1', { status: 'FAILED', error: { Error: 'States.Timeout', Cause: 'timed out' } }, clock);

    // Assess
    expect(await lockOf('taken-over')).toMatchObject({ executionId: 'run-2' });
    expect(await repo.getBreakdown('taken-over', 'run-1')).toMatchObject({
      status: 'FAILED',
      error: { Error: 'States.Timeout', Cause: 'timed out' },
    });
  });

  it('is released when the execution could not be started', async () => {
    // Prepare
    await start('abandoned', 'run-1');

    // Act
    await repo.abandonBreakdown('abandoned', 'run-1', 'AccessDenied', clock);

    // Assess
    expect(await lockOf('abandoned')).toBeUndefined();
    expect(await repo.getBreakdown('abandoned', 'run-1')).toMatchObject({
      status: 'FAILED',
      error: { Error: 'StartExecutionFailed', Cause: 'AccessDenied' },
    });
  });

  it('finishing a run never started is NotFound', async () => {
    // Act
    const finishing = repo.finishBreakdown('nothing', 'run-x', { status: 'FAILED', error: { Error: 'x', Cause: 'y' } }, clock);

    // Assess
    await expect(finishing).rejects.toBeInstanceOf(NotFound);
  });
});

describe('goal results', () => {
  it('add up to the run progress and to the changes per unit, ignoring runs whose id extends this one', async () => {
    // Prepare
    await start('progress', 'run-1');
    await repo.recordGoalResult('progress', 'run-1', goalResult('g1', { created: ['a', 'b'], updated: ['c'] }), clock);
    await repo.recordGoalResult('progress', 'run-1', goalResult('g2', { created: ['a'], withdrawn: ['c'] }), clock);
    await repo.recordGoalResult('progress', 'run-1', goalResult('g2', { created: ['a'], withdrawn: ['c'] }), clock); // a retry
    await repo.recordGoalResult('progress', 'run-10', goalResult('g1', { created: ['z'] }), clock);

    // Act
    const progress = await repo.getBreakdown('progress', 'run-1');
    const units = await repo.changedUnitsOf('progress', 'run-1');

    // Assess
    expect(progress).toEqual({
      executionId: 'run-1',
      planId: 'progress',
      revision: 2,
      status: 'RUNNING',
      goalsTotal: 3,
      goalsDone: 2,
      tasks: { created: 3, updated: 1, unchanged: 2, withdrawn: 1 },
      startedAt,
    });
    expect(Object.fromEntries(units)).toEqual({
      a: { created: 2, updated: 0, withdrawn: 0 },
      b: { created: 1, updated: 0, withdrawn: 0 },
      c: { created: 0, updated: 1, withdrawn: 1 },
    });
  });
});
