import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import { createLocalStack, type LocalStack } from '../../infra/local/local-stack.js';
import { useTestTable } from '../support/test-table.js';
import { templates } from '../support/templates.js';

// The synthesized breakdown state machine with the real handlers, started the real way: the plan
// POSTed over HTTP, the breakdown started by the breakdowns function through the Step Functions API.
const plan = {
  id: 'workflow-2026',
  name: '工作流测试计划 2026',
  year: 2026,
  units: [
    { id: 'hushan', name: '浒山街道', kind: 'street', bases: { enterprises: 30 } },
    { id: 'guanhaiwei', name: '观海卫镇', kind: 'town', bases: { enterprises: 50 } },
    { id: 'zhouxiang', name: '周巷镇', kind: 'town', bases: { enterprises: 20 } },
    { id: 'eco-bureau', name: '市生态环境局', kind: 'department' },
  ],
  goals: [
    {
      id: 'vocs-cleanup',
      kind: 'quantity',
      title: 'VOCs 治理',
      target: 12,
      unitOfMeasure: '家',
      deadline: '2026-11-30',
      lead: 'eco-bureau',
      allocation: { method: 'quota', quotas: { hushan: 3, guanhaiwei: 6, zhouxiang: 3 } },
    },
    {
      id: 'river-patrol',
      kind: 'quantity',
      title: '河道巡查',
      target: 10,
      unitOfMeasure: '次',
      deadline: '2026-12-31',
      lead: 'eco-bureau',
      allocation: { method: 'proportional', units: 'towns', base: 'enterprises' },
    },
    {
      id: 'pm25',
      kind: 'indicator',
      title: 'PM2.5 年均浓度',
      target: 28,
      direction: 'at_most',
      unitOfMeasure: 'μg/m³',
      deadline: '2026-12-31',
      lead: 'eco-bureau',
      allocation: { method: 'each', units: 'towns' },
    },
    {
      id: 'inspection-plan',
      kind: 'action',
      title: '制定执法检查计划',
      deadline: '2026-03-31',
      lead: 'eco-bureau',
      allocation: { method: 'lead' },
    },
  ],
};
/** 3 quota + 3 proportional + 3 each + 1 lead. */
const EXPECTED_TASKS = 10;

let stack: LocalStack;

beforeAll(async () => {
  stack = await createLocalStack({
    templates: templates(),
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: await useTestTable(),
    retryDelayMs: 10,
  });
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
