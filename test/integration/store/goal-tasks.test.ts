import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { Plan, type Goal } from '../../../shared/domain/plan.js';
import { useTestTable } from '../../support/test-table.js';
import { recordCommands } from './command-log.js';
import { samplePlan, withGoal } from '../../support/sample-plan.js';

const tableName = await useTestTable();
const { syncGoalTasks } = await import('../../../shared/store/goal-tasks.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');

const clock = fixedClock('2026-01-06T10:00:00+08:00');
const later = fixedClock('2026-02-01T10:00:00+08:00');
afterEach(() => vi.restoreAllMocks());

const goalOf = (plan: Plan, goalId: string): Goal => plan.goals.find((goal) => goal.id === goalId)!;
const sync = (plan: Plan, goalId: string, executionId: string, revision = 1, at = clock) =>
  syncGoalTasks({ plan, revision, goal: goalOf(plan, goalId), executionId }, at);

async function taskItem(taskId: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task(taskId), ConsistentRead: true }));
  return Item!;
}

async function eventsOf(taskId: string) {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':events': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** What a unit reporting progress does to its task (the tasks API's job): a new version. */
async function reportProgress(taskId: string, done: number) {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.task(taskId),
      UpdateExpression: 'SET progress = :progress, #status = :status, version = version + :one',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':progress': { asOf: '2026-01-20', done }, ':status': 'in_progress', ':one': 1 },
    }),
  );
}

describe('syncGoalTasks', () => {
  it('creates every task of a first breakdown, shares summing to the target', async () => {
    // Prepare
    const plan = samplePlan('first-run');

    // Act
    const result = await sync(plan, 'river-patrol', 'exec-1');

    // Assess
    expect(result).toEqual({
      goalId: 'river-patrol',
      created: 3,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      changedUnits: { created: ['hushan', 'guanhaiwei', 'zhouxiang'], updated: [], withdrawn: [] },
    });
    const items = await Promise.all(['hushan', 'guanhaiwei', 'zhouxiang'].map((unit) => taskItem(`first-run.river-patrol.${unit}`)));
    expect(items.reduce((sum, item) => sum + item.target, 0)).toBe(10);
    expect(items[1]).toMatchObject({
      entity: 'task',
      id: 'first-run.river-patrol.guanhaiwei',
      target: 5,
      status: 'assigned',
      progress: null,
      version: 1,
      planRevision: 1,
      coUnits: ['eco-bureau'],
      milestones: [
        { date: '2026-03-31', share: 0.25 },
        { date: '2026-06-30', share: 0.5 },
        { date: '2026-09-30', share: 0.75 },
        { date: '2026-12-31', share: 1 },
      ],
      ...keys.taskByPlan('first-run', 'river-patrol', 'guanhaiwei'),
      ...keys.taskByUnit('guanhaiwei', 2026, '2026-12-31', 'first-run.river-patrol.guanhaiwei'),
      // on the chase index by its check date: nothing reported, behind from the first milestone
      ...keys.openTask(2026, 'first-run.river-patrol.guanhaiwei', '2026-03-31'),
    });
  });

  it('writes nothing when re-run on an unchanged plan, keeping versions and progress', async () => {
    // Prepare
    const plan = samplePlan('re-run');
    await sync(plan, 'vocs-cleanup', 'exec-1');
    await reportProgress('re-run.vocs-cleanup.hushan', 2);
    const commands = recordCommands();

    // Act
    const result = await sync(plan, 'vocs-cleanup', 'exec-2', 1, later);

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 3, withdrawn: 0 });
    expect(commands.writes()).toEqual([]);
    expect(await taskItem('re-run.vocs-cleanup.hushan')).toMatchObject({
      version: 2,
      status: 'in_progress',
      progress: { asOf: '2026-01-20', done: 2 },
    });
    expect(await taskItem('re-run.vocs-cleanup.guanhaiwei')).toMatchObject({ version: 1, updatedAt: '2026-01-06T02:00:00.000Z' });
  });

  it('revises only the target of a task whose quota changed, keeping progress and status, with a history event', async () => {
    // Prepare
    const plan = samplePlan('revised-quota');
    await sync(plan, 'vocs-cleanup', 'exec-1');
    await reportProgress('revised-quota.vocs-cleanup.hushan', 2);
    const revised = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 4, guanhaiwei: 5, zhouxiang: 3 } },
    }));

    // Act
    const result = await sync(revised, 'vocs-cleanup', 'exec-2', 2, later);

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 1, withdrawn: 0 });
    expect(result.changedUnits.updated).toEqual(['hushan', 'guanhaiwei']);
    expect(await taskItem('revised-quota.vocs-cleanup.hushan')).toMatchObject({
      target: 4,
      version: 3,
      status: 'in_progress',
      progress: { asOf: '2026-01-20', done: 2 },
      planRevision: 2,
      updatedAt: '2026-02-01T02:00:00.000Z',
    });
    expect(await eventsOf('revised-quota.vocs-cleanup.hushan')).toEqual([
      expect.objectContaining({
        entity: 'taskEvent',
        type: 'target_revised',
        from: { target: 3 },
        to: { target: 4 },
        by: 'breakdown:exec-2',
        at: '2026-02-01T02:00:00.000Z',
        version: 3,
      }),
    ]);
    expect(await taskItem('revised-quota.vocs-cleanup.zhouxiang')).toMatchObject({ version: 1, planRevision: 1 });
  });

  it('breaks down a plan of a year without a shipped calendar: its tasks are checked from their deadline', async () => {
    // Prepare: the sample moved to 2031, a year calendars/ does not cover
    const plan = Plan.parse(JSON.parse(JSON.stringify(samplePlan('no-calendar')).replaceAll('2026', '2031')));

    // Act
    const result = await sync(plan, 'river-patrol', 'exec-1');

    // Assess
    expect(result).toMatchObject({ created: 3 });
    expect(await taskItem('no-calendar.river-patrol.guanhaiwei')).toMatchObject(
      keys.openTask(2031, 'no-calendar.river-patrol.guanhaiwei', '2031-12-31'),
    );
  });

  it('moves a task in the due-date indexes when the deadline changes', async () => {
    // Prepare
    const plan = samplePlan('new-deadline');
    await sync(plan, 'inspection-plan', 'exec-1');
    const revised = withGoal(plan, 'inspection-plan', (goal) => ({ ...goal, deadline: '2026-04-30' }));

    // Act
    const result = await sync(revised, 'inspection-plan', 'exec-2', 2, later);

    // Assess
    const id = 'new-deadline.inspection-plan.eco-bureau';
    expect(result).toMatchObject({ updated: 1 });
    expect(await taskItem(id)).toMatchObject({
      deadline: '2026-04-30',
      ...keys.taskByUnit('eco-bureau', 2026, '2026-04-30', id),
      // the new check date: 提醒 5 working days before the new deadline
      ...keys.openTask(2026, id, '2026-04-23'),
    });
    expect(await eventsOf(id)).toEqual([
      expect.objectContaining({ type: 'task_revised', from: { deadline: '2026-03-31' }, to: { deadline: '2026-04-30' } }),
    ]);
  });

  it('withdraws the task of a unit dropped from the allocation, keeping its progress', async () => {
    // Prepare
    const plan = samplePlan('dropped-unit');
    await sync(plan, 'vocs-cleanup', 'exec-1');
    await reportProgress('dropped-unit.vocs-cleanup.zhouxiang', 1);
    const revised = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 5, guanhaiwei: 7 } },
    }));

    // Act
    const result = await sync(revised, 'vocs-cleanup', 'exec-2', 2, later);

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 0, withdrawn: 1 });
    expect(result.changedUnits.withdrawn).toEqual(['zhouxiang']);
    const withdrawn = await taskItem('dropped-unit.vocs-cleanup.zhouxiang');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 3, progress: { asOf: '2026-01-20', done: 1 } });
    expect(withdrawn.gsi3pk).toBeUndefined();
    expect(withdrawn.gsi3sk).toBeUndefined();
    expect(await eventsOf('dropped-unit.vocs-cleanup.zhouxiang')).toEqual([
      expect.objectContaining({ type: 'task_withdrawn', from: { status: 'in_progress' }, to: { status: 'withdrawn' }, by: 'breakdown:exec-2' }),
    ]);
  });

  it('reinstates a withdrawn task when its unit is allocated again, with its progress and the new target', async () => {
    // Prepare
    const plan = samplePlan('readded-unit');
    await sync(plan, 'vocs-cleanup', 'exec-1');
    await reportProgress('readded-unit.vocs-cleanup.zhouxiang', 1);
    const dropped = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 5, guanhaiwei: 7 } },
    }));
    await sync(dropped, 'vocs-cleanup', 'exec-2', 2, later);
    const readded = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 4, guanhaiwei: 6, zhouxiang: 2 } },
    }));

    // Act
    const result = await sync(readded, 'vocs-cleanup', 'exec-3', 3, later);
    const rerun = await sync(readded, 'vocs-cleanup', 'exec-4', 3, later);

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 3, withdrawn: 0 });
    expect(result.changedUnits.updated).toContain('zhouxiang');
    const task = await taskItem('readded-unit.vocs-cleanup.zhouxiang');
    expect(task).toMatchObject({ status: 'in_progress', target: 2, version: 4, planRevision: 3, progress: { asOf: '2026-01-20', done: 1 } });
    // 1 of 2 done covers the milestones up to ½ (06-30): its check date is the ¾ milestone
    expect(task).toMatchObject(keys.openTask(2026, 'readded-unit.vocs-cleanup.zhouxiang', '2026-09-30'));
    expect((await eventsOf('readded-unit.vocs-cleanup.zhouxiang')).map((event) => event.type)).toEqual(['task_withdrawn', 'task_reinstated']);
    expect(rerun).toMatchObject({ created: 0, updated: 0, unchanged: 3, withdrawn: 0 });
  });

  it('never touches a closed task', async () => {
    // Prepare
    const plan = samplePlan('closed-task');
    await sync(plan, 'pm25', 'exec-1');
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.task('closed-task.pm25.hushan'),
        UpdateExpression: 'SET #status = :closed, version = :two REMOVE gsi3pk, gsi3sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':two': 2 },
      }),
    );
    const revised = withGoal(plan, 'pm25', (goal) => ({ ...goal, target: 27 }));

    // Act
    const result = await sync(revised, 'pm25', 'exec-2', 2, later);

    // Assess
    expect(result).toMatchObject({ updated: 1, unchanged: 2 }); // guanhaiwei revised; zhouxiang keeps its override
    expect(await taskItem('closed-task.pm25.hushan')).toMatchObject({ target: 28, version: 2, status: 'closed' });
    expect(await eventsOf('closed-task.pm25.hushan')).toEqual([]);
  });

  it('re-reads and retries a task that a unit changed between the read and the write', async () => {
    // Prepare
    const plan = samplePlan('concurrent-unit');
    await sync(plan, 'inspection-plan', 'exec-1');
    const id = 'concurrent-unit.inspection-plan.eco-bureau';
    const revised = withGoal(plan, 'inspection-plan', (goal) => ({ ...goal, title: '制定并发布执法检查计划' }));
    const send = dynamo().send.bind(dynamo());
    let raced = false;
    vi.spyOn(dynamo(), 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && !raced) {
        raced = true;
        await reportProgress(id, 0);
      }
      return send(command as never);
    }) as never);

    // Act
    const result = await sync(revised, 'inspection-plan', 'exec-2', 2, later);

    // Assess
    expect(result).toMatchObject({ updated: 1 });
    expect(await taskItem(id)).toMatchObject({
      title: '制定并发布执法检查计划',
      version: 3,
      status: 'in_progress',
      progress: { asOf: '2026-01-20', done: 0 },
    });
    expect((await eventsOf(id)).map((event) => event.version)).toEqual([3]);
  });

  it('reports what an earlier attempt of the same run wrote when the goal is retried', async () => {
    // Prepare
    const plan = samplePlan('retried-goal');
    await sync(plan, 'vocs-cleanup', 'exec-1');
    const revised = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 3, guanhaiwei: 9 } },
    }));
    const first = await sync(revised, 'vocs-cleanup', 'exec-2', 2, later);
    const commands = recordCommands();

    // Act
    const retried = await sync(revised, 'vocs-cleanup', 'exec-2', 2, later);

    // Assess
    expect(first).toMatchObject({ created: 0, updated: 1, unchanged: 1, withdrawn: 1 });
    expect(retried).toEqual(first);
    expect(commands.writes()).toEqual([]);
  });
});
