import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { samplePlan } from '../support/sample-plan.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized breakdown state machine with the real handlers, started the real way: the plan
// POSTed over HTTP, the breakdown started by the breakdowns function through the Step Functions API.
const plan = samplePlan('workflow-2026');
/** 3 quota + 3 proportional + 3 each + 1 lead. */
const EXPECTED_TASKS = 10;

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
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

async function breakDown() {
  const started = await api<{ executionId: string }>('POST', `/plans/${plan.id}/breakdowns`, {});
  expect(started.status).toBe(202);
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'ValidatePlan')!;
  const execution = await stack.runner.wait(fakeArn.execution(machine.name, started.body.executionId));
  return { ...execution, executionId: started.body.executionId, result: JSON.parse(execution.output ?? 'null') };
}

async function planTasks() {
  const { body } = await api<{ items: Record<string, unknown>[] }>('GET', `/plans/${plan.id}/tasks?limit=200`);
  return body.items;
}

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
});
