import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { lateness, levelReached } from '../../../shared/domain/lateness.js';
import type { Task } from '../../../shared/domain/task.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { useTestTable } from '../../support/test-table.js';
import { plan, putTasks, task } from '../functions/fixtures.js';
import { admin, bodyOf, context, httpEvent, reviewer, unit } from '../functions/http-events.js';

const tableName = await useTestTable();
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');
const { newTaskItem } = await import('../../../shared/store/task-items.js');
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { completeLedgerOf, ledgerFromEvents } = await import('../../../shared/store/ledger.js');
const { raiseEscalation } = await import('../../../shared/store/escalations.js');
const { reportProgress, requestCloseout, reviewCloseout, closeTask, reopenTask } = await import('../../../shared/tasks/task-actions.js');
const { handler } = await import('../../../functions/tasks/handler.js');

const clock = (iso: string) => fixedClock(iso);

/** A task as the breakdown creates it now: with an empty, complete ledger. */
async function created(overrides: Partial<Task> & Pick<Task, 'goalId' | 'unitId'>): Promise<Task> {
  const seeded = task(overrides);
  await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: newTaskItem(seeded, undefined, defaultTracking) } }] } }));
  return seeded;
}

async function itemOf(taskId: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task(taskId), ConsistentRead: true }));
  return Item!;
}

beforeAll(async () => {
  await savePlan(plan, 'test', fixedClock('2024-01-10T00:00:00Z'));
});

describe('the task ledger', () => {
  it('is appended by report → close-out → accept → close → reopen, in the events’ own transactions, only with the score-relevant ones (a request with the as-of date of the report it rests on)', async () => {
    // Prepare: Longshan's VOCs task, reviewed by the water office (2 review levels: accept, then the bureau closes).
    const vocs = await created({ goalId: 'vocs', unitId: 'longshan' });
    const request = (principal: typeof admin, version: number, at: string) => ({ taskId: vocs.id, principal, expectedVersion: version, clock: clock(at) });

    // Act
    await reportProgress(request(unit('longshan'), 1, '2024-11-20T02:00:00.000Z'), { asOf: '2024-11-20', done: 10 });
    await requestCloseout(request(unit('longshan'), 2, '2024-11-25T02:00:00.000Z'));
    await reviewCloseout(request(reviewer, 3, '2024-11-27T02:00:00.000Z'), 'accept');
    await closeTask(request(admin, 4, '2024-11-28T02:00:00.000Z'));
    await reopenTask(request(admin, 5, '2024-12-10T02:00:00.000Z'), '回头看：两个项目未完成验收');

    // Assess: the report leaves no entry; each other step one, at the version it made.
    const item = await itemOf(vocs.id);
    expect(item.ledgerComplete).toBe(true);
    expect(completeLedgerOf(item)).toEqual([
      { v: 3, type: 'closeout_requested', at: '2024-11-25T02:00:00.000Z', asOf: '2024-11-20' },
      { v: 4, type: 'closeout_accepted', at: '2024-11-27T02:00:00.000Z', to: 'accepted' },
      { v: 5, type: 'task_closed', at: '2024-11-28T02:00:00.000Z' },
      { v: 6, type: 'task_reopened', at: '2024-12-10T02:00:00.000Z' },
    ]);
    // The same entries as the task's events give: the ledger stands for them.
    expect((await ledgerFromEvents(vocs.id)).ledger).toEqual(completeLedgerOf(item));
  });

  it('is appended by a chase escalation, with its level and period', async () => {
    // Prepare: Zhangqi's VOCs task, nothing reported, 3 working days past its deadline of 2024-11-30.
    const vocs = await created({ goalId: 'vocs', unitId: 'zhangqi' });
    const late = lateness(vocs, '2024-12-04', calendarForYears([2024]), defaultTracking)!;
    const level = levelReached(late, defaultTracking.ladder)!;

    // Act
    const outcome = await raiseEscalation({ taskId: vocs.id, level, lateness: late, date: '2024-12-04', by: 'chase:2024-12-04', at: '2024-12-04T01:00:00.000Z', tracking: defaultTracking });

    // Assess
    expect(outcome).toBe('raised');
    expect(completeLedgerOf(await itemOf(vocs.id))).toEqual([
      { v: 2, type: 'escalated', at: '2024-12-04T01:00:00.000Z', level, period: 'overdue:2024-11-30' },
    ]);
  });

  it('starts a list on a task stored before the ledger, which stays incomplete (read through its events)', async () => {
    // Prepare: Guanhaiwei's task as stored before the ledger existed (no ledger attributes).
    const old = task({ goalId: 'vocs', unitId: 'guanhaiwei', status: 'in_progress', progress: { asOf: '2024-11-01', done: 10, reportedBy: 'unit:guanhaiwei', reportedAt: '2024-11-01T02:00:00.000Z' } });
    await putTasks(tableName, [old]);

    // Act
    await requestCloseout({ taskId: old.id, principal: unit('guanhaiwei'), expectedVersion: 1, clock: clock('2024-11-26T02:00:00.000Z') });

    // Assess
    const item = await itemOf(old.id);
    expect(item.ledger).toEqual([{ v: 2, type: 'closeout_requested', at: '2024-11-26T02:00:00.000Z', asOf: '2024-11-01' }]);
    expect(completeLedgerOf(item)).toBeUndefined();
  });

  it('never shows in the API’s task', async () => {
    // Prepare: a task with a ledger entry.
    const pm25 = await created({ goalId: 'pm25', unitId: 'longshan', kind: 'indicator', target: 29, direction: 'at_most', deadline: '2024-12-31' });
    await reportProgress({ taskId: pm25.id, principal: unit('longshan'), expectedVersion: 1, clock: clock('2024-12-20T02:00:00.000Z') }, { asOf: '2024-12-20', value: 27, period: '2024' });
    await requestCloseout({ taskId: pm25.id, principal: unit('longshan'), expectedVersion: 2, clock: clock('2024-12-21T02:00:00.000Z') });

    // Act
    const one = await handler(httpEvent('GET /tasks/{taskId}', { pathParameters: { taskId: pm25.id }, principal: admin }), context);
    const list = await handler(httpEvent('GET /units/{unitId}/tasks', { pathParameters: { unitId: 'longshan' }, principal: admin }), context);

    // Assess
    expect(completeLedgerOf(await itemOf(pm25.id))).toHaveLength(1);
    expect(one.statusCode).toBe(200);
    expect(Object.keys(bodyOf(one))).not.toContain('ledger');
    expect(Object.keys(bodyOf(one))).not.toContain('ledgerComplete');
    for (const listed of bodyOf(list).items) expect(Object.keys(listed).filter((name) => name.startsWith('ledger'))).toEqual([]);
  });
});
