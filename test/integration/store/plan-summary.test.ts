import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { planSummaryAnswer, summaryOfTasks, type Counters } from '../../../shared/domain/plan-summary.js';
import type { Plan } from '../../../shared/domain/plan.js';
import { useTestTable } from '../../support/test-table.js';
import { cixiPlan, taskItemsOf } from '../chase/cixi.js';

// The plan summary kept by the real store code on DynamoDB Local: the Cixi sample broken down by the
// breakdown's steps, units reporting and asking to close, a chase day raising levels; then crashes in the
// middle of a rebuild and task changes landing while one runs. Each time the rows stored must equal the
// summary recounted from every task.
const tableName = await useTestTable();
const { dynamo } = await import('../../../shared/store/client.js');
const { keys, OPEN_SHARDS } = await import('../../../shared/store/keys.js');
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { startBreakdown } = await import('../../../shared/store/breakdowns-repo.js');
const { writeGoalTasks, finishRun, recordRunFailure } = await import('../../../shared/store/breakdown-steps.js');
const { commitTaskChange, getTaskForChange } = await import('../../../shared/store/task-changes.js');
const { fromTaskItem } = await import('../../../shared/store/task-items.js');
const { readPlanSummary, rebuildPlanSummary } = await import('../../../shared/store/plan-summary.js');
const { chasePage } = await import('../../../shared/chase/chase-page.js');

/** Thursday 2022-10-20: spray-recheck (due 2022-09-30) is overdue, October deadlines are near. */
const DAY = '2022-10-20';
const breakdownClock = fixedClock('2022-06-01T09:00:00+08:00');
const dayClock = fixedClock(`${DAY}T09:00:00+08:00`);

afterEach(() => vi.restoreAllMocks());

/** Imported and broken down by the breakdown's own steps: every goal written, then the run finished. */
async function brokenDown(planId: string, finish = true): Promise<Plan> {
  const plan = cixiPlan(planId);
  const { revision } = await savePlan(plan, 'admin:test', breakdownClock);
  const run = { planId, revision, executionId: `run-${planId}`, startedAt: breakdownClock.now().toISOString() };
  await startBreakdown({ ...run, goalsTotal: plan.goals.length, by: 'admin:test' }, breakdownClock);
  const goalResults = [];
  for (const goal of plan.goals) goalResults.push(await writeGoalTasks({ ...run, goalId: goal.id }, breakdownClock));
  if (finish) await finishRun({ ...run, goalResults }, breakdownClock);
  return plan;
}

/** A unit's report (and, with `closeout`, its request to close), as the task routes commit them. */
async function report(plan: Plan, taskId: string, done: number, closeout = false): Promise<void> {
  const current = (await getTaskForChange(taskId))!;
  const progress = { asOf: '2022-10-18', done, reportedBy: 'token:unit', reportedAt: '2022-10-18T02:00:00.000Z' };
  const { task } = await commitTaskChange({
    current,
    changes: { status: 'in_progress', progress },
    event: { type: 'progress_reported', from: { status: current.task.status }, to: { status: 'in_progress', done } },
    by: 'token:unit',
    at: '2022-10-18T02:00:00.000Z',
    tracking: plan.tracking,
  });
  if (!closeout) return;
  await commitTaskChange({
    current: { task, auditHead: (await getTaskForChange(taskId))!.auditHead },
    changes: { status: 'closeout_requested' },
    event: { type: 'closeout_requested', from: { status: 'in_progress' }, to: { status: 'closeout_requested' } },
    by: 'token:unit',
    at: '2022-10-18T03:00:00.000Z',
    tracking: plan.tracking,
  });
}

async function chaseDay(date: string): Promise<number> {
  let raised = 0;
  for (let shard = 0; shard < OPEN_SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await chasePage({ year: 2022, shard, date, pageSize: 100, ...(startKey ? { startKey } : {}) }, { clock: dayClock });
      raised += Object.values(page.raised).reduce((sum, n) => sum + n, 0);
      startKey = page.nextKey;
    } while (startKey);
  }
  return raised;
}

/** The rows as stored, each counter that is not zero. */
async function storedRows(planId: string): Promise<Map<string, Counters>> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rows)',
      ExpressionAttributeValues: { ':pk': keys.planSummaryPartition(planId), ':rows': keys.planSummaryRowsPrefix() },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.map((item) => [(item.sk as string).slice(keys.planSummaryRowsPrefix().length), counters(item)]));
}

/** The summary recounted from every task of the plan. */
async function recounted(plan: Plan): Promise<Map<string, Counters>> {
  const tasks = (await taskItemsOf(plan.id)).map(fromTaskItem);
  return new Map([...summaryOfTasks(tasks, plan.tracking.margin)].map(([row, sum]) => [row, counters(sum)]));
}

function counters(item: Record<string, unknown>): Counters {
  return Object.fromEntries(
    Object.entries(item).filter(([name, value]) => typeof value === 'number' && value !== 0 && !['changes'].includes(name)),
  ) as Counters;
}

async function expectStoredEqualsRecount(plan: Plan) {
  const stored = await storedRows(plan.id);
  const expected = await recounted(plan);
  for (const row of [...plan.units.map((unit) => `UNIT#${unit.id}`), ...plan.goals.map((goal) => `GOAL#${goal.id}`)])
    expect(stored.get(row) ?? {}, row).toEqual(expected.get(row) ?? {});
}

describe('the plan summary on DynamoDB Local', () => {
  it('after a breakdown, reports, close-out requests and a chase day, the stored rows equal the summary recounted from the tasks', async () => {
    // Prepare
    const plan = await brokenDown('summary-a');

    // Act
    await report(plan, 'summary-a.vocs-projects.hushan', 3, true);
    await report(plan, 'summary-a.hazardous-waste-network.longshan', 40);
    await report(plan, 'summary-a.spray-recheck.guanhaiwei', 1);
    const raised = await chaseDay(DAY);

    // Assess
    expect(raised).toBeGreaterThan(0);
    await expectStoredEqualsRecount(plan);
    const tasks = (await taskItemsOf(plan.id)).map(fromTaskItem);
    const answer = await readPlanSummary(plan.id, {}, dayClock);
    const expected = planSummaryAnswer({ ...plan, planId: plan.id }, summaryOfTasks(tasks, plan.tracking.margin), { today: DAY, asOf: answer!.asOf });
    expect(answer).toEqual(expected);
    expect(answer!.totals.level.none).toBe(tasks.length - raised);
  });

  it('while a breakdown runs answers the rows as they were, as of its first write; a failed run is counted when it ends', async () => {
    // Prepare: every goal written, the run not finished (its lock still held).
    const plan = await brokenDown('summary-b', false);

    // Act
    const during = await readPlanSummary(plan.id, {}, breakdownClock);
    await recordRunFailure({ planId: plan.id, executionId: `run-${plan.id}`, error: { Error: 'Boom', Cause: 'a test' } }, dayClock);
    const after = await readPlanSummary(plan.id, {}, dayClock);

    // Assess
    expect(during!.asOf).toBe(breakdownClock.now().toISOString());
    expect(during!.totals.tasks).toBe(0);
    expect(after!.asOf).toBe(dayClock.now().toISOString());
    expect(after!.totals.tasks).toBe((await taskItemsOf(plan.id)).length);
    await expectStoredEqualsRecount(plan);
  });

  it('a rebuild that crashes after some rows leaves the summary stale, and its next reader rebuilds it right', async () => {
    // Prepare
    const plan = await brokenDown('summary-c');
    await report(plan, 'summary-c.vocs-projects.hushan', 5);
    const send = dynamo().send.bind(dynamo());
    let puts = 0;
    vi.spyOn(dynamo(), 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof PutCommand && ++puts > 10) throw Object.assign(new Error('the function timed out'), { name: 'TimeoutError' });
      return send(command as never);
    }) as never);
    await dynamo().send(
      new PutCommand({ TableName: tableName, Item: { ...keys.planSummaryMeta(plan.id), entity: 'planSummaryMeta', staleSince: 'x', staleBy: 'run-crashed' } }),
    );
    puts = 0;

    // Act
    const crashed = await rebuildPlanSummary(plan, dayClock).catch((error: Error) => error);
    vi.restoreAllMocks();
    await report(plan, 'summary-c.vocs-projects.longshan', 2);
    const answer = await readPlanSummary(plan.id, {}, dayClock);

    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(answer!.asOf).toBe(dayClock.now().toISOString());
    await expectStoredEqualsRecount(plan);
  });

  it('counts a task change that lands on a row while the row is rebuilt', async () => {
    // Prepare
    const plan = await brokenDown('summary-d');
    const send = dynamo().send.bind(dynamo());
    let landed = false;
    vi.spyOn(dynamo(), 'send').mockImplementation((async (command: unknown) => {
      // The first row put of the rebuild: a unit reports just before it lands.
      if (command instanceof PutCommand && !landed && String(command.input.Item?.sk).startsWith('ROW#UNIT#hushan')) {
        landed = true;
        await report(plan, 'summary-d.vocs-projects.hushan', 4, true);
      }
      return send(command as never);
    }) as never);

    // Act
    const rebuilt = await rebuildPlanSummary(plan, dayClock);

    // Assess
    expect(landed).toBe(true);
    expect(rebuilt.recounted).toBeGreaterThanOrEqual(1);
    await expectStoredEqualsRecount(plan);
  });
});
