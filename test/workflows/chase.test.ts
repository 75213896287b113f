import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { levelLabels, levels } from '../../shared/domain/lateness.js';
import type { Plan } from '../../shared/domain/plan.js';
import { breakDownCixi, escalationsOn, expectedLevels } from '../integration/chase/cixi.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized chase state machine with the real handlers, started through the local Step Functions
// endpoint, on the Cixi sample broken down by the real store code.

/** Thursday 2022-10-20: spray-recheck (due 2022-09-30) is 11 working days overdue. */
const DAY = '2022-10-20';

let stack: LocalStack;
let sfn: SFNClient;
let plan: Plan;

beforeAll(async () => {
  stack = await startTestStack();
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  plan = await breakDownCixi();
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

interface ChaseResult {
  date: string;
  examined: number;
  escalations: Record<string, number>;
  notifications: number;
}

async function chase(input: { date?: string }, name: string) {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify(input) }));
  const execution = await stack.runner.wait(started.executionArn!);
  return { ...execution, result: JSON.parse(execution.output ?? 'null') as ChaseResult };
}

async function chaseNotes(unitId: string) {
  const { dynamo } = await import('../../shared/store/client.js');
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `INBOX#${unitId}` },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).filter((item) => item.kind === 'chase');
}

describe('the chase state machine, run locally', () => {
  it('escalates the late tasks of the day, one digest per unit, with transitions bounded by the pages', async () => {
    // Prepare
    const expected = await expectedLevels(plan, DAY);
    expect(expected.size).toBeGreaterThan(0);

    // Act
    const run = await chase({ date: DAY }, 'chase-1');

    // Assess
    expect(run.status, run.output ?? run.error).toBe('SUCCEEDED');
    const raised = new Map((await escalationsOn(DAY)).map((item) => [item.taskId as string, item.level as string]));
    expect(raised).toEqual(expected);
    const byLevel = Object.fromEntries(levels.map((level) => [levelLabels[level], [...expected.values()].filter((l) => l === level).length]));
    const units = new Set((await escalationsOn(DAY)).map((item) => item.unitId as string));
    const leaders = [...expected.values()].some((level) => level === 'notice' || level === 'summon') ? 1 : 0;
    expect(run.result).toEqual({ date: DAY, examined: expect.any(Number), escalations: byLevel, notifications: units.size + leaders });
    expect(run.result.examined).toBeGreaterThanOrEqual(expected.size);
    for (const unitId of units) expect(await chaseNotes(unitId), unitId).toHaveLength(1);
    // 2 years × 10 shards, each at least one page (ChasePage + MorePages?), plus the states around the Map.
    expect(run.stateTransitions).toBeLessThanOrEqual(20 * 2 * Math.ceil(Math.max(1, run.result.examined / 20)) + 10);
  });

  it('adds nothing and sends no second digest when the same day runs again', async () => {
    // Prepare
    const before = await escalationsOn(DAY);

    // Act
    const again = await chase({ date: DAY }, 'chase-2');

    // Assess
    expect(again.status, again.output ?? again.error).toBe('SUCCEEDED');
    expect(Object.values(again.result.escalations).every((n) => n === 0)).toBe(true);
    expect((await escalationsOn(DAY)).length).toBe(before.length);
    for (const unitId of new Set(before.map((item) => item.unitId as string))) expect(await chaseNotes(unitId), unitId).toHaveLength(1);
    expect(await chaseNotes('_leaders')).toHaveLength(1);
  });

  it('chases today in Asia/Shanghai when no date is given', async () => {
    const today = await chase({}, 'chase-today');

    expect(today.status, today.output ?? today.error).toBe('SUCCEEDED');
    expect(today.result.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
  });
});
