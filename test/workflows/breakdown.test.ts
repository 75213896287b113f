import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { RetryableError } from '../../shared/domain/errors.js';
import type { Plan } from '../../shared/domain/plan.js';
import { batchWriteAll } from '../../shared/store/batch.js';
import { desiredTasks } from '../../shared/store/goal-task-decisions.js';
import { toTaskItem } from '../../shared/store/task-items.js';
import { samplePlan } from '../support/sample-plan.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized breakdown state machine with the real handlers, started the real way: the plan
// POSTed over HTTP, the breakdown started by the breakdowns function through the Step Functions API.
const plan = samplePlan('workflow-2026');
/** 3 quota + 3 proportional + 3 each + 1 lead. */
const EXPECTED_TASKS = 10;

let stack: LocalStack;

type WriteGoalInput = { planId: string; revision: number; executionId: string; goalId: string };
type Handler = (event: unknown) => Promise<unknown>;
/** A fault a test arms in the real WriteGoalTasks; without one, calls go straight through. */
let fault: ((input: WriteGoalInput, real: Handler) => Promise<unknown>) | undefined;

beforeAll(async () => {
  const writeGoalTasks = async (event: unknown) => {
    // Imported at the first call: the stack has set the handlers' environment by then.
    const real = (await import('../../workflows/breakdown/tasks/write-goal-tasks.js')).handler as Handler;
    return fault ? fault(event as WriteGoalInput, real) : real(event);
  };
  stack = await startTestStack({ handlers: { 'workflows/breakdown/tasks/write-goal-tasks.ts': writeGoalTasks } });
});

afterEach(() => {
  fault = undefined;
});
afterAll(() => stack?.stop());

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function breakDown(planId = plan.id) {
  const started = await api<{ executionId: string }>('POST', `/plans/${planId}/breakdowns`, {});
  expect(started.status).toBe(202);
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'ValidatePlan')!;
  const execution = await stack.runner.wait(fakeArn.execution(machine.name, started.body.executionId));
  return { ...execution, executionId: started.body.executionId, result: JSON.parse(execution.output ?? 'null') };
}

async function planTasks(planId = plan.id) {
  const { body } = await api<{ items: Record<string, unknown>[] }>('GET', `/plans/${planId}/tasks?limit=200`);
  return body.items;
}

/** What the breakdown had written of a goal when its worker died: the first `count` tasks, as it writes them. */
async function writeFirstTasks(plan: Plan, input: WriteGoalInput, count: number) {
  const goal = plan.goals.find((g) => g.id === input.goalId)!;
  const tasks = desiredTasks(plan, goal, input.revision, new Date().toISOString()).slice(0, count);
  await batchWriteAll(tasks.map((task) => ({ PutRequest: { Item: toTaskItem(task, { executionId: input.executionId, change: 'created' }, plan.tracking) } })));
}

const sumOfTargets = (tasks: Record<string, unknown>[], goalId: string) =>
  tasks.filter((task) => task.goalId === goalId).reduce((sum, task) => sum + (task.target as number), 0);

describe('the breakdown state machine, run locally', () => {
  it('breaks a plan into its tasks with transitions bounded by the goals, and a re-run changes nothing', async () => {
    // Prepare
    const imported = await api('POST', '/plans', plan);
    expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);

    // Act
    const first = await breakDown();
    const tasksAfterFirst = await planTasks();
    const second = await breakDown();
    const tasksAfterSecond = await planTasks();
    const record = await api<{ status: string }>('GET', `/plans/${plan.id}/breakdowns/${second.executionId}`);

    // Assess
    expect(first.status, `${first.error}: ${first.cause}`).toBe('SUCCEEDED');
    expect(first.result.tasks).toMatchObject({ created: EXPECTED_TASKS, updated: 0, withdrawn: 0, total: EXPECTED_TASKS });
    expect(first.stateTransitions).toBeLessThanOrEqual(2 * plan.goals.length + 10);
    expect(tasksAfterFirst).toHaveLength(EXPECTED_TASKS);

    expect(second.status, `${second.error}: ${second.cause}`).toBe('SUCCEEDED');
    expect(second.result.tasks).toMatchObject({ created: 0, updated: 0, withdrawn: 0, unchanged: EXPECTED_TASKS });
    expect(second.result.notified).toBeUndefined();
    expect(tasksAfterSecond).toEqual(tasksAfterFirst);
    expect(record.body.status).toBe('SUCCEEDED');
  });

  it('finishes a goal whose worker died halfway: the Retry writes the rest and counts every task once', async () => {
    // Prepare
    const halfway = samplePlan('worker-died-2026');
    await api('POST', '/plans', halfway);
    let died = false;
    fault = async (input, real) => {
      if (input.goalId !== 'river-patrol' || died) return real(input);
      died = true;
      await writeFirstTasks(halfway, input, 2);
      throw new RetryableError('the worker died after two of its tasks');
    };

    // Act
    const run = await breakDown(halfway.id);
    const tasks = await planTasks(halfway.id);

    // Assess
    expect(died).toBe(true);
    expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
    expect(run.result.tasks).toMatchObject({ created: EXPECTED_TASKS, unchanged: 0, total: EXPECTED_TASKS });
    expect(tasks).toHaveLength(EXPECTED_TASKS);
    expect(sumOfTargets(tasks, 'river-patrol')).toBe(10);
  });

  it('fails cleanly when a goal keeps failing, and a new start finishes what the failed run left', async () => {
    // Prepare
    const failing = samplePlan('keeps-failing-2026');
    await api('POST', '/plans', failing);
    fault = async (input, real) => {
      if (input.goalId === 'pm25') throw new RetryableError('the store keeps refusing this goal');
      return real(input);
    };
    const failed = await breakDown(failing.id);
    const record = await api<{ status: string }>('GET', `/plans/${failing.id}/breakdowns/${failed.executionId}`);
    fault = undefined;

    // Act
    const resumed = await breakDown(failing.id);
    const tasks = await planTasks(failing.id);

    // Assess
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('RetryableError');
    expect(record.body.status).toBe('FAILED');
    expect(resumed.status, `${resumed.error}: ${resumed.cause}`).toBe('SUCCEEDED');
    expect(resumed.result.tasks.total).toBe(EXPECTED_TASKS);
    expect(tasks).toHaveLength(EXPECTED_TASKS);
    expect(sumOfTargets(tasks, 'vocs-cleanup')).toBe(12);
    expect(sumOfTargets(tasks, 'river-patrol')).toBe(10);
  });
});
