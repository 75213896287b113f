import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { YearFrozen } from '../../../shared/domain/assessment/errors.js';
import { useTestTable } from '../../support/test-table.js';
import { plan, putTasks, task } from '../functions/fixtures.js';
import { admin, bodyOf, context, httpEvent, unit } from '../functions/http-events.js';

// Lets a test freeze the year between a change's read of the freeze and its transaction.
vi.mock('../../../shared/store/freeze.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../shared/store/freeze.js')>();
  return { ...actual, getFreeze: vi.fn(actual.getFreeze) };
});

const tableName = await useTestTable();
process.env.BREAKDOWN_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Breakdown';
const { freezeYear, getFreeze } = await import('../../../shared/store/freeze.js');
const realGetFreeze = (await vi.importActual<typeof import('../../../shared/store/freeze.js')>('../../../shared/store/freeze.js')).getFreeze;
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { listTaskEvents } = await import('../../../shared/store/task-history.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');
const { closeTask, reportProgress } = await import('../../../shared/tasks/task-actions.js');
const { requestExtension } = await import('../../../shared/tasks/extensions.js');
const tasksApi = (await import('../../../functions/tasks/handler.js')).handler;
const breakdownsApi = (await import('../../../functions/breakdowns/handler.js')).handler;
const { handler: planChase } = await import('../../../workflows/chase/tasks/plan-chase.js');

afterEach(() => {
  vi.mocked(getFreeze).mockReset();
  vi.mocked(getFreeze).mockImplementation(realGetFreeze);
});

const clock = fixedClock('2025-01-08T02:00:00.000Z');
const report = { asOf: '2023-12-29', done: 10 };

/** The plan of 2023 (never frozen here) and 2024 (frozen in its first test): same Cixi plan, other ids and years. */
const plan2023 = { ...plan, id: 'cixi-2023', year: 2023 };

beforeAll(async () => {
  await savePlan(plan, 'test', fixedClock('2024-01-10T00:00:00Z'));
  await savePlan(plan2023, 'test', fixedClock('2023-01-10T00:00:00Z'));
  await putTasks(tableName, [
    task({ goalId: 'vocs', unitId: 'longshan' }),
    task({ goalId: 'vocs', unitId: 'zhangqi' }),
    task({ goalId: 'vocs', unitId: 'guanhaiwei', status: 'accepted', progress: { asOf: '2024-11-20', done: 10, reportedBy: 'unit:guanhaiwei', reportedAt: '2024-11-20T02:00:00.000Z' } }),
    task({ planId: 'cixi-2023', year: 2023, deadline: '2023-11-30', goalId: 'vocs', unitId: 'longshan' }),
  ]);
});

describe('freezeYear', () => {
  it('freezes a year once: a second run finds the first freeze and keeps it', async () => {
    // Act
    const first = await freezeYear({ year: 2024, by: 'token:admin', runId: 'run-a', at: '2025-01-05T01:00:00.000Z' });
    const second = await freezeYear({ year: 2024, by: 'token:other', runId: 'run-b', at: '2025-01-06T01:00:00.000Z' });

    // Assess
    const frozen = { year: 2024, frozenAt: '2025-01-05T01:00:00.000Z', frozenBy: 'token:admin', runId: 'run-a' };
    expect(first).toEqual({ freeze: frozen, created: true });
    expect(second).toEqual({ freeze: frozen, created: false });
    expect(await getFreeze(2024)).toEqual(frozen);
    expect(await getFreeze(2023)).toBeUndefined();
  });
});

describe('a frozen year’s tasks', () => {
  it('refuse a unit’s change with 409 year_frozen naming the year, and keep the task as it was', async () => {
    // Act
    const response = await tasksApi(
      httpEvent('POST /tasks/{taskId}/updates', { principal: unit('longshan'), pathParameters: { taskId: 'cixi-2024.vocs.longshan' }, body: JSON.stringify({ asOf: '2024-12-31', done: 10, version: 1 }), contentType: 'application/json' }),
      context,
    );

    // Assess
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({ error: 'year_frozen', message: expect.stringMatching(/2024.* \/ .*2024 年度已冻结/) });
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task('cixi-2024.vocs.longshan'), ConsistentRead: true }));
    expect(Item?.version).toBe(1);
  });

  it('refuse an extension request too', async () => {
    // Act
    const asking = requestExtension({ taskId: 'cixi-2024.vocs.zhangqi', principal: unit('zhangqi'), expectedVersion: 1, clock: fixedClock('2024-11-20T02:00:00.000Z') }, { to: '2024-12-31', reason: '设备到货延迟' });

    // Assess
    await expect(asking).rejects.toBeInstanceOf(YearFrozen);
  });

  it('take an admin’s change, marked afterFreeze in its event', async () => {
    // Act
    await closeTask({ taskId: 'cixi-2024.vocs.guanhaiwei', principal: admin, expectedVersion: 1, clock });

    // Assess
    const { items } = await listTaskEvents('cixi-2024.vocs.guanhaiwei', { limit: 10 });
    expect(items).toEqual([expect.objectContaining({ type: 'task_closed', by: 'admin/token:admin', afterFreeze: true })]);
  });

  it('leave another year’s tasks to their units, unmarked', async () => {
    // Act
    await reportProgress({ taskId: 'cixi-2023.vocs.longshan', principal: unit('longshan'), expectedVersion: 1, clock }, report);

    // Assess
    const { items } = await listTaskEvents('cixi-2023.vocs.longshan', { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty('afterFreeze');
  });
});

describe('a change racing the freeze', () => {
  it('loses for a unit (its transaction checks the freeze) and goes through marked for an admin', async () => {
    // Prepare: 2023 is frozen after each change read that it was not.
    const accepted = { planId: 'cixi-2023', year: 2023, deadline: '2023-11-30', goalId: 'vocs', status: 'accepted' as const };
    await putTasks(tableName, [task({ planId: 'cixi-2023', year: 2023, deadline: '2023-11-30', goalId: 'vocs', unitId: 'zhangqi' }), task({ ...accepted, unitId: 'guanhaiwei' })]);
    await freezeYear({ year: 2023, by: 'token:admin', runId: 'run-2023', at: '2025-01-08T01:00:00.000Z' });
    vi.mocked(getFreeze).mockResolvedValueOnce(undefined).mockResolvedValueOnce(undefined);

    // Act
    const byUnit = reportProgress({ taskId: 'cixi-2023.vocs.zhangqi', principal: unit('zhangqi'), expectedVersion: 1, clock }, report);
    await expect(byUnit).rejects.toBeInstanceOf(YearFrozen);
    const byAdmin = await closeTask({ taskId: 'cixi-2023.vocs.guanhaiwei', principal: admin, expectedVersion: 1, clock });

    // Assess
    expect(byAdmin).toMatchObject({ status: 'closed', version: 2 });
    expect((await listTaskEvents('cixi-2023.vocs.zhangqi', { limit: 10 })).items).toEqual([]);
    expect((await listTaskEvents('cixi-2023.vocs.guanhaiwei', { limit: 10 })).items).toEqual([expect.objectContaining({ type: 'task_closed', afterFreeze: true })]);
  });
});

describe('around a frozen year', () => {
  it('the chase leaves it out', async () => {
    // Act: 2025's chase covers 2024 (frozen) and 2025.
    const planned = await planChase({ date: '2025-01-08' });

    // Assess
    expect(new Set(planned.pages.map((page) => page.year))).toEqual(new Set([2025]));
    expect(planned.pages).toHaveLength(10);
  });

  it('a breakdown of its plan is refused with 409 year_frozen', async () => {
    // Act
    const response = await breakdownsApi(httpEvent('POST /plans/{planId}/breakdowns', { principal: admin, pathParameters: { planId: plan.id } }), context);

    // Assess
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toBe('year_frozen');
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.breakdownLock(plan.id), ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });
});
