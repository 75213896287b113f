import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock/clock.js';
import { chainEvent, eventHash, genesisHash } from '../../shared/domain/audit-chain.js';
import type { Plan } from '../../shared/domain/plan.js';
import type { TaskEvent } from '../../shared/domain/task-event.js';
import { samplePlan, withGoal } from '../support/sample-plan.js';
import { useTestTable } from '../support/test-table.js';

const tableName = await useTestTable();
const { syncGoalTasks } = await import('../../shared/store/goal-tasks.js');
const { verifyAudit } = await import('../../shared/store/audit-repo.js');
const { savePlan } = await import('../../shared/store/plans-repo.js');
const { getTask } = await import('../../shared/store/task-queries.js');
const { dynamo } = await import('../../shared/store/client.js');
const { keys } = await import('../../shared/store/keys.js');

const GOAL = 'vocs-cleanup';
const clocks = ['2026-01-06', '2026-02-01', '2026-03-02', '2026-04-01'].map((day) => fixedClock(`${day}T10:00:00+08:00`));

const quotas = (plan: Plan, quota: Record<string, number>) =>
  withGoal(plan, GOAL, (goal) => ({ ...goal, allocation: { method: 'quota', quotas: quota } }));

/**
 * Four revisions of the VOC goal through the breakdown itself: hushan's target is revised three times
 * (events at versions 2, 3, 4), guanhaiwei's twice, and zhouxiang is withdrawn and reinstated.
 */
async function breakDown(planId: string): Promise<Plan> {
  const plan = samplePlan(planId);
  const revisions = [
    plan,
    quotas(plan, { hushan: 4, guanhaiwei: 5, zhouxiang: 3 }),
    quotas(plan, { hushan: 5, guanhaiwei: 7 }),
    quotas(plan, { hushan: 6, guanhaiwei: 7, zhouxiang: 3 }),
  ];
  for (const [index, revision] of revisions.entries()) {
    const goal = revision.goals.find((g) => g.id === GOAL)!;
    await syncGoalTasks({ plan: revision, revision: index + 1, goal, executionId: `exec-${index + 1}` }, clocks[index]!);
  }
  return plan;
}

const taskOf = (planId: string, unitId: string) => `${planId}.${GOAL}.${unitId}`;

async function eventItems(taskId: string) {
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

async function eventAt(taskId: string, version: number) {
  return (await eventItems(taskId)).find((item) => item.version === version)!;
}

describe('verifyAudit', () => {
  it("finds every chain the breakdown wrote sound, and keeps the head out of the task it returns", async () => {
    // Prepare
    const planId = 'audit-sound';
    await breakDown(planId);
    const hushan = taskOf(planId, 'hushan');

    // Act
    const report = await verifyAudit({ planId });

    // Assess
    expect(report).toEqual({ chains: 3, events: 7, broken: [] });
    const events = await eventItems(hushan);
    expect(events.map((event) => [event.version, event.type])).toEqual([
      [2, 'target_revised'],
      [3, 'target_revised'],
      [4, 'target_revised'],
    ]);
    expect(events[0]!.prevHash).toBe(genesisHash(hushan));
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task(hushan), ConsistentRead: true }));
    expect(Item!.auditHead).toEqual({ version: 4, hash: events[2]!.hash });
    expect(await getTask(hushan)).not.toHaveProperty('auditHead');
    expect((await eventItems(taskOf(planId, 'zhouxiang'))).map((event) => event.type)).toEqual(['task_withdrawn', 'task_reinstated']);
  });

  it("names an event whose `to` was changed in the table as altered", async () => {
    // Prepare
    const planId = 'audit-altered';
    await breakDown(planId);
    const hushan = taskOf(planId, 'hushan');
    const event = await eventAt(hushan, 3);
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: event.pk, sk: event.sk },
        UpdateExpression: 'SET #to = :to',
        ExpressionAttributeNames: { '#to': 'to' },
        ExpressionAttributeValues: { ':to': { target: 1 } },
      }),
    );

    // Act
    const report = await verifyAudit({ planId });

    // Assess
    expect(report).toMatchObject({ chains: 3, events: 7 });
    expect(report.broken).toEqual([
      { taskId: hushan, version: 3, sk: event.sk, problem: 'altered', message: expect.stringContaining(event.sk), messageZh: expect.stringContaining('篡改') },
    ]);
  });

  it('names a deleted middle event as removed, by its version', async () => {
    // Prepare
    const planId = 'audit-removed';
    await breakDown(planId);
    const hushan = taskOf(planId, 'hushan');
    const event = await eventAt(hushan, 3);
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: { pk: event.pk, sk: event.sk } }));

    // Act
    const report = await verifyAudit({ planId });

    // Assess
    expect(report).toMatchObject({ chains: 3, events: 6 });
    expect(report.broken).toEqual([
      { taskId: hushan, version: 3, problem: 'removed', message: expect.stringContaining('version 3'), messageZh: expect.stringContaining('第 3 版') },
    ]);
  });

  it('names a forged event, chained and hashed like a real one, as inserted', async () => {
    // Prepare
    const planId = 'audit-inserted';
    await breakDown(planId);
    const guanhaiwei = taskOf(planId, 'guanhaiwei');
    const first = await eventAt(guanhaiwei, 2);
    const second = await eventAt(guanhaiwei, 3);
    const at = '2026-02-15T02:00:00.000Z';
    const forged = chainEvent(
      { taskId: guanhaiwei, type: 'target_revised', at, by: second.by, version: 3, from: { target: 5 }, to: { target: 1 } } satisfies TaskEvent,
      first.hash,
    );
    const sk = keys.taskEvent(guanhaiwei, at, 3).sk;
    await dynamo().send(new PutCommand({ TableName: tableName, Item: { pk: second.pk, sk, entity: 'taskEvent', ...forged } }));

    // Act
    const report = await verifyAudit({ planId });

    // Assess
    expect(forged.hash).toBe(eventHash(forged));
    expect(report).toMatchObject({ chains: 3, events: 8 });
    expect(report.broken).toEqual([
      { taskId: guanhaiwei, version: 3, sk, problem: 'inserted', message: expect.stringContaining(sk), messageZh: expect.stringContaining('插入') },
    ]);
  });

  it('names the deleted newest event as a head mismatch, and the task as not what its remaining events make of it', async () => {
    // Prepare
    const planId = 'audit-newest';
    await breakDown(planId);
    const hushan = taskOf(planId, 'hushan');
    const event = await eventAt(hushan, 4);
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: { pk: event.pk, sk: event.sk } }));

    // Act
    const report = await verifyAudit({ planId });

    // Assess
    expect(report.broken).toEqual([
      expect.objectContaining({ taskId: hushan, version: 4, problem: 'head_mismatch' }),
      expect.objectContaining({ taskId: hushan, version: 4, problem: 'state_mismatch', fields: [expect.objectContaining({ field: 'target', stored: 6, events: 5 }), expect.objectContaining({ field: 'updatedAt' })] }),
    ]);
  });

  it('without a plan checks the tasks of every plan', async () => {
    // Prepare
    const [one, other] = [await breakDown('audit-all-one'), await breakDown('audit-all-other')];
    await savePlan(one, 'admin:li', clocks[0]!);
    await savePlan(other, 'admin:li', clocks[0]!);
    const event = await eventAt(taskOf('audit-all-other', 'zhouxiang'), 2);
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: event.pk, sk: event.sk },
        UpdateExpression: 'SET #by = :by',
        ExpressionAttributeNames: { '#by': 'by' },
        ExpressionAttributeValues: { ':by': 'admin:someone-else' },
      }),
    );

    // Act
    const report = await verifyAudit({});

    // Assess
    expect(report).toMatchObject({ chains: 6, events: 14 });
    expect(report.broken).toEqual([
      expect.objectContaining({ taskId: taskOf('audit-all-other', 'zhouxiang'), version: 2, sk: event.sk, problem: 'altered' }),
    ]);
  });

  it('finds nothing to check in a plan without tasks', async () => {
    // Assess
    expect(await verifyAudit({ planId: 'no-such-plan' })).toEqual({ chains: 0, events: 0, broken: [] });
  });
});
