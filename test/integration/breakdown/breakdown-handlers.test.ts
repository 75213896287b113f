import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { Conflict, InvalidInput } from '../../../shared/domain/errors.js';
import type { Plan } from '../../../shared/domain/plan.js';
import { useTestTable } from '../../support/test-table.js';
import { recordCommands } from '../store/command-log.js';
import { samplePlan, withGoal } from '../../support/sample-plan.js';

const tableName = await useTestTable();
const validatePlan = (await import('../../../workflows/breakdown/tasks/validate-plan.js')).handler;
const writeGoalTasks = (await import('../../../workflows/breakdown/tasks/write-goal-tasks.js')).handler;
const finishBreakdown = (await import('../../../workflows/breakdown/tasks/finish-breakdown.js')).handler;
const notifyUnits = (await import('../../../workflows/breakdown/tasks/notify-units.js')).handler;
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { startBreakdown, getBreakdown } = await import('../../../shared/store/breakdowns-repo.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');
const { mapWithConcurrency } = await import('../../../shared/store/pool.js');

const clock = fixedClock('2026-01-06T10:00:00+08:00');
afterEach(() => vi.restoreAllMocks());

/** What the breakdowns function does before StartExecution: the lock and the RUNNING record. */
async function start(plan: Plan, revision: number, executionId: string) {
  const startedAt = new Date().toISOString();
  await startBreakdown({ planId: plan.id, revision, executionId, startedAt, goalsTotal: plan.goals.length, by: 'admin:li' }, clock);
  return { planId: plan.id, revision, executionId, startedAt };
}

/** The state machine's happy path, state by state, with the Map's concurrency of 4. */
async function runBreakdown(input: Awaited<ReturnType<typeof start>>) {
  const validated = await validatePlan(input);
  const goalResults = await mapWithConcurrency(validated.goalIds, 4, (goalId) => writeGoalTasks({ ...input, goalId }));
  const finished = await finishBreakdown({ ...validated, goalResults });
  if (!('tasks' in finished)) throw new Error('expected the success output');
  const notified = finished.changed ? await notifyUnits(finished) : undefined;
  return { validated, goalResults, finished, notified };
}

async function taskItem(taskId: string) {
  return (await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task(taskId), ConsistentRead: true }))).Item;
}

/** A unit's notifications about one plan (units are shared by the plans of this table). */
async function inboxOf(unitId: string, planId: string) {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.inboxPartition(unitId) },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).filter((note) => note.planId === planId);
}

describe('the breakdown task handlers in sequence', () => {
  it('break a plan down into tasks, notify every unit once, and write no task when run again', async () => {
    // Prepare
    const plan = samplePlan('handlers');
    await savePlan(plan, 'admin:li', clock);
    const first = await start(plan, 1, 'exec-1');

    // Act
    const run1 = await runBreakdown(first);
    const second = await start(plan, 1, 'exec-2');
    const commands = recordCommands();
    const run2 = await runBreakdown(second);

    // Assess
    expect(run1.validated.goalIds).toEqual(['vocs-cleanup', 'river-patrol', 'pm25', 'inspection-plan']);
    expect(run1.goalResults).toContainEqual({ goalId: 'river-patrol', created: 3, updated: 0, unchanged: 0, withdrawn: 0 });
    expect(run1.finished).toEqual({
      ...first,
      tasks: { created: 10, updated: 0, unchanged: 0, withdrawn: 0, total: 10 },
      changed: true,
    });
    expect(run1.notified).toEqual({ notified: 4 });
    expect(await inboxOf('hushan', plan.id)).toEqual([
      expect.objectContaining({ title: expect.stringContaining('3 new tasks in plan 慈溪市 2026 年生态环境目标'), executionId: 'exec-1' }),
    ]);
    expect(await getBreakdown(plan.id, 'exec-1')).toMatchObject({ status: 'SUCCEEDED', goalsTotal: 4, goalsDone: 4, tasks: { created: 10 } });

    expect(run2.finished).toMatchObject({ tasks: { created: 0, updated: 0, unchanged: 10, withdrawn: 0, total: 10 }, changed: false });
    expect(run2.notified).toBeUndefined();
    expect(commands.writtenPartitions().filter((pk) => pk.startsWith('TASK#'))).toEqual([]);
    expect(await taskItem('handlers.vocs-cleanup.hushan')).toMatchObject({ version: 1 });
  });

  it('revise the tasks of a re-imported plan and notify only the units concerned', async () => {
    // Prepare
    const plan = samplePlan('reimported');
    await savePlan(plan, 'admin:li', clock);
    await runBreakdown(await start(plan, 1, 'exec-1'));
    const revised = withGoal(plan, 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 4, guanhaiwei: 8 } },
    }));
    await savePlan(revised, 'admin:li', clock);

    // Act
    const run = await runBreakdown(await start(revised, 2, 'exec-2'));

    // Assess
    expect(run.finished.tasks).toEqual({ created: 0, updated: 2, unchanged: 7, withdrawn: 1, total: 9 });
    expect(run.notified).toEqual({ notified: 3 });
    expect(await inboxOf('eco-bureau', plan.id)).toHaveLength(1); // only the first run's notification
    expect((await inboxOf('zhouxiang', plan.id)).map((note) => note.counts)).toContainEqual({ created: 0, updated: 0, withdrawn: 1 });
  });

  it('refuse a second start while a run holds the plan lock', async () => {
    // Prepare
    const plan = samplePlan('locked');
    await savePlan(plan, 'admin:li', clock);
    await start(plan, 1, 'exec-1');

    // Act
    const second = start(plan, 1, 'exec-2');

    // Assess
    await expect(second).rejects.toBeInstanceOf(Conflict);
  });

  it('fail validation when the plan was re-imported after the run started', async () => {
    // Prepare
    const plan = samplePlan('moved-on');
    await savePlan(plan, 'admin:li', clock);
    const input = await start(plan, 1, 'exec-1');
    await savePlan(withGoal(plan, 'pm25', (goal) => ({ ...goal, title: 'PM2.5' })), 'admin:li', clock);

    // Act
    const validating = validatePlan(input);

    // Assess
    await expect(validating).rejects.toThrow('plan moved-on changed since the breakdown started (revision 1, now 2)');
    await expect(validating).rejects.toBeInstanceOf(Conflict);
  });

  it('refuse to write a goal from a plan re-imported mid-run, even after an earlier goal loaded it', async () => {
    // Prepare
    const plan = samplePlan('moved-mid-run');
    await savePlan(plan, 'admin:li', clock);
    const input = await start(plan, 1, 'exec-1');
    const [firstGoal, secondGoal] = plan.goals.map((goal) => goal.id);
    await writeGoalTasks({ ...input, goalId: firstGoal! });
    await savePlan(withGoal(plan, secondGoal!, (goal) => ({ ...goal, title: `${goal.title} (revised)` })), 'admin:li', clock);

    // Act
    const writing = writeGoalTasks({ ...input, goalId: secondGoal! });

    // Assess
    await expect(writing).rejects.toBeInstanceOf(Conflict);
  });

  it('fail validation, naming the problem, when the stored plan breaks a rule', async () => {
    // Prepare
    const plan = withGoal(samplePlan('broken'), 'vocs-cleanup', (goal) => ({
      ...goal,
      allocation: { method: 'quota', quotas: { hushan: 12, 'no-such-town': 0 } },
    }));
    await savePlan(plan, 'admin:li', clock);
    const input = await start(plan, 1, 'exec-1');

    // Act
    const validating = validatePlan(input);

    // Assess
    await expect(validating).rejects.toBeInstanceOf(InvalidInput);
    await expect(validating).rejects.toThrow(/plan broken breaks its rules: goals\[0\]\.allocation\.quotas.*no-such-town/);
  });

  it('record a failure, release the lock and return normally so the state machine reaches Fail', async () => {
    // Prepare
    const plan = samplePlan('failing');
    await savePlan(plan, 'admin:li', clock);
    const input = await start(plan, 1, 'exec-1');

    // Act
    const output = await finishBreakdown({ ...input, error: { Error: 'Conflict', Cause: '{"errorMessage":"plan changed"}' } });
    const next = start(plan, 1, 'exec-2');

    // Assess
    expect(output).toEqual({ planId: 'failing', executionId: 'exec-1', status: 'FAILED' });
    await expect(next).resolves.toEqual(expect.objectContaining({ executionId: 'exec-2' }));
    expect(await getBreakdown(plan.id, 'exec-1')).toMatchObject({
      status: 'FAILED',
      error: { Error: 'Conflict', Cause: '{"errorMessage":"plan changed"}' },
    });
  });

  it('reject an input that is not what the state machine sends', async () => {
    // Act
    const writing = writeGoalTasks({ planId: 'Not A Slug', revision: 0, executionId: '', startedAt: 'yesterday', goalId: 'x' });

    // Assess
    await expect(writing).rejects.toMatchObject({ name: 'ZodError' });
  });
});
