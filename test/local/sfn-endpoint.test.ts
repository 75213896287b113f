import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import type { Handler } from '../../infra/local/functions.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized breakdown state machine with stand-in task handlers: this file is about the API.
let release: () => void = () => undefined;
const held = new Promise<void>((done) => (release = done));
const handlers: Record<string, Handler> = {
  'workflows/breakdown/tasks/validate-plan.ts': async (input) => {
    if ((input as { hold?: boolean }).hold) await held;
    return { ...(input as object), goalIds: ['g1', 'g2', 'g3'] };
  },
  'workflows/breakdown/tasks/write-goal-tasks.ts': (item) => ({ goalId: (item as { goalId: string }).goalId, created: 1 }),
  'workflows/breakdown/tasks/finish-breakdown.ts': (input) => ({ ...(input as object), changed: false }),
  'workflows/breakdown/tasks/notify-units.ts': () => ({ notified: 0 }),
};

/** What the breakdowns function starts the state machine with. */
const input = (planId: string, extra: object = {}) =>
  JSON.stringify({ planId, revision: 1, executionId: `e-${planId}`, startedAt: '2026-01-05T08:00:00+08:00', ...extra });

let stack: LocalStack;
let sfn: SFNClient;
let stateMachineArn: string;

beforeAll(async () => {
  stack = await startTestStack({ handlers });
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  stateMachineArn = stack.runner.stateMachines[0]!.arn;
});

afterAll(async () => {
  release();
  sfn?.destroy();
  await stack?.stop();
});

async function settled(executionArn: string) {
  await stack.runner.wait(executionArn);
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

describe('Step Functions endpoint for @aws-sdk/client-sfn', () => {
  it('points SFN_ENDPOINT and BREAKDOWN_STATE_MACHINE_ARN of the handlers here', () => {
    // Assess
    expect(process.env.SFN_ENDPOINT).toBe(stack.sfnEndpoint);
    expect(process.env.BREAKDOWN_STATE_MACHINE_ARN).toBe(stateMachineArn);
  });

  it('starts an execution and describes it once it succeeded', async () => {
    // Act
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'run-1', input: input('p1') }));
    const described = await settled(started.executionArn!);

    // Assess
    expect(started.executionArn).toBe(fakeArn.execution(stack.runner.stateMachines[0]!.name, 'run-1'));
    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', stateMachineArn, input: input('p1') });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());
    expect(JSON.parse(described.output!)).toMatchObject({ planId: 'p1', goalIds: ['g1', 'g2', 'g3'], changed: false });
    // ValidatePlan, BreakDownGoals, 3 × WriteGoalTasks, FinishBreakdown, AnyChanges, Done.
    expect(stack.runner.describe(started.executionArn!).stateTransitions).toBe(8);
  });

  it('lists executions newest first, filtered by status and paged', async () => {
    // Prepare
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'run-2', input: input('p2') }));
    await settled(second.executionArn!);

    // Act
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const firstPage = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }));
    const secondPage = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1, nextToken: firstPage.nextToken! }));
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));

    // Assess
    expect(all.executions!.map((e) => e.name)).toEqual(['run-2', 'run-1']);
    expect(all.executions![0]).toMatchObject({ status: 'SUCCEEDED', stateMachineArn, startDate: expect.any(Date) });
    expect([firstPage.executions![0]!.name, secondPage.executions![0]!.name]).toEqual(['run-2', 'run-1']);
    expect(failed.executions).toEqual([]);
  });

  it('is idempotent for the same name and input while running, refuses another input, and stops', async () => {
    // Prepare
    const holding = input('p3', { hold: true });
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'held', input: holding }));

    // Act
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'held', input: holding }));
    const other = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'held', input: input('p4') })).catch((e: unknown) => e);
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn!, error: 'Manual', cause: 'test' }));
    release();
    const described = await settled(first.executionArn!);

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(other).toBeInstanceOf(ExecutionAlreadyExists);
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'test' });
  });

  it('answers unknown executions, state machines and malformed ARNs with the AWS errors', async () => {
    // Prepare
    const unknownExecution = fakeArn.execution(stack.runner.stateMachines[0]!.name, 'never-ran');

    // Act
    const describe = sfn.send(new DescribeExecutionCommand({ executionArn: unknownExecution }));
    const start = sfn.send(new StartExecutionCommand({ stateMachineArn: fakeArn.stateMachine('Nope'), input: input('p5') }));
    const malformed = sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }));

    // Assess
    await expect(describe).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(start).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(malformed).rejects.toBeInstanceOf(InvalidArn);
  });
});
