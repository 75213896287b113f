import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { dynamo } from '../../../shared/store/client.js';
import { keys } from '../../../shared/store/keys.js';
import { savePlan } from '../../../shared/store/plans-repo.js';
import { useTestTable } from '../../support/test-table.js';
import { admin, bodyOf, context, httpEvent, reviewer, unit, viewer } from './http-events.js';
import { plan } from './fixtures.js';

const tableName = await useTestTable();
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Breakdown';
process.env.BREAKDOWN_STATE_MACHINE_ARN = STATE_MACHINE;
const { handler } = await import('../../../functions/breakdowns/handler.js');
const { executionArn } = await import('../../../shared/executions/step-functions.js');

const sfn = mockClient(SFNClient);

const start = (planId: string, principal = admin, body?: string) =>
  handler(
    httpEvent('POST /plans/{planId}/breakdowns', {
      principal,
      pathParameters: { planId },
      ...(body === undefined ? {} : { body, contentType: 'application/json' }),
    }),
    context,
  );
const read = (planId: string, executionId: string, principal = admin) =>
  handler(httpEvent('GET /plans/{planId}/breakdowns/{executionId}', { principal, pathParameters: { planId, executionId } }), context);

async function importedPlan(id: string): Promise<string> {
  await savePlan({ ...plan, id }, 'test', fixedClock('2024-01-10T00:00:00Z'));
  return id;
}

async function lockOf(planId: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.breakdownLock(planId), ConsistentRead: true }));
  return Item;
}

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: executionArn(STATE_MACHINE, input.name),
    startDate: new Date(),
  }));
});
afterEach(() => vi.restoreAllMocks());

describe('POST /plans/{planId}/breakdowns', () => {
  it('takes the lock, starts the execution named after the run and answers 202', async () => {
    // Prepare
    const planId = await importedPlan('start-2024');

    // Act
    const response = await start(planId);

    // Assess
    expect(response.statusCode).toBe(202);
    const body = bodyOf(response);
    expect(body).toEqual({ executionId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'RUNNING', planId, revision: 1 });
    expect(response.headers?.location).toBe(`/plans/${planId}/breakdowns/${body.executionId}`);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: STATE_MACHINE, name: body.executionId });
    expect(JSON.parse(input.input!)).toEqual({ planId, revision: 1, executionId: body.executionId, startedAt: expect.any(String) });
    expect(await lockOf(planId)).toMatchObject({ executionId: body.executionId, revision: 1 });
  });

  it('answers 409 to a second start while the first runs, without starting another execution', async () => {
    // Prepare
    const planId = await importedPlan('twice-2024');
    await start(planId);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

    // Act
    const second = await start(planId);

    // Assess
    expect(second.statusCode).toBe(409);
    expect(bodyOf(second)).toMatchObject({ error: 'conflict', message: expect.stringContaining(' / ') });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('takes over the lock of a run whose execution ended without releasing it, recording that run failed', async () => {
    // Prepare
    const planId = await importedPlan('stopped-2024');
    const stopped = bodyOf(await start(planId)).executionId as string;
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    // Act
    const response = await start(planId);

    // Assess
    expect(response.statusCode).toBe(202);
    const next = bodyOf(response).executionId as string;
    expect(await lockOf(planId)).toMatchObject({ executionId: next });
    const { Item: stoppedRun } = await dynamo().send(
      new GetCommand({ TableName: tableName, Key: keys.breakdown(planId, stopped), ConsistentRead: true }),
    );
    expect(stoppedRun).toMatchObject({ status: 'FAILED', error: { Error: 'ExecutionEnded' } });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(executionArn(STATE_MACHINE, stopped));
  });

  it('releases the lock and answers 503 when Step Functions refuses, so a retry can start', async () => {
    // Prepare
    const planId = await importedPlan('refused-2024');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    sfn.on(StartExecutionCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const refused = await start(planId);
    const lockAfter = await lockOf(planId);
    const retried = await start(planId);

    // Assess
    expect(refused.statusCode).toBe(503);
    expect(bodyOf(refused)).toEqual({
      error: 'service_unavailable',
      message: 'The breakdown could not be started; please try again later / 任务分解未能启动，请稍后重试',
    });
    expect(lockAfter).toBeUndefined();
    expect(retried.statusCode).toBe(202);
  });

  it('records the refused run as failed', async () => {
    // Prepare
    const planId = await importedPlan('abandoned-2024');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalFailure' }));
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} }));
    await start(planId);
    const executionId = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name!;

    // Act
    const response = await read(planId, executionId);

    // Assess
    expect(bodyOf(response)).toMatchObject({
      executionId,
      status: 'FAILED',
      error: { Error: 'StartExecutionFailed', Cause: 'StartExecution failed: InternalFailure' },
      execution: null,
    });
  });

  it('answers 404 for a plan never imported, 400 for a body with fields, 403 for anyone but an admin', async () => {
    // Prepare
    const planId = await importedPlan('guarded-2024');

    // Act
    const missing = await start('nowhere-2024');
    const withBody = await start(planId, admin, '{"revision":3}');
    const denied = await Promise.all([reviewer, viewer, unit('longshan')].map((p) => start(planId, p)));

    // Assess
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(withBody).fields).toEqual([expect.objectContaining({ path: 'revision', rule: 'unknown_field' })]);
    expect(denied.map((r) => r.statusCode)).toEqual([403, 403, 403]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('GET /plans/{planId}/breakdowns/{executionId}', () => {
  it("answers the run's record with the execution's status", async () => {
    // Prepare
    const planId = await importedPlan('read-2024');
    const { executionId } = bodyOf(await start(planId));
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: executionArn(STATE_MACHINE, executionId),
      stateMachineArn: STATE_MACHINE,
      status: 'RUNNING',
      startDate: new Date('2024-03-01T08:00:00Z'),
    });

    // Act
    const response = await read(planId, executionId, viewer);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      executionId,
      planId,
      revision: 1,
      status: 'RUNNING',
      goalsTotal: 2,
      goalsDone: 0,
      tasks: { created: 0, updated: 0, unchanged: 0, withdrawn: 0 },
      startedAt: expect.any(String),
      execution: { status: 'RUNNING', startDate: '2024-03-01T08:00:00.000Z', stopDate: null },
    });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(
      `arn:aws:states:us-east-1:123456789012:execution:Breakdown:${executionId}`,
    );
  });

  it('tells a run the state machine timed out before it could record it', async () => {
    // Prepare
    const planId = await importedPlan('timeout-2024');
    const { executionId } = bodyOf(await start(planId));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', startDate: new Date(), stopDate: new Date() });

    // Act
    const response = await read(planId, executionId);

    // Assess
    expect(bodyOf(response)).toMatchObject({ status: 'TIMED_OUT', execution: { status: 'TIMED_OUT' } });
  });

  it('answers 404 for an unknown run, 400 for an id that is no execution id, 403 for reviewers and units', async () => {
    // Prepare
    const planId = await importedPlan('unknown-run-2024');

    // Act
    const missing = await read(planId, '0b7d3f52-5a8e-4c39-9d0e-2f1c6a7b8e90');
    const bad = await read(planId, 'latest');
    const denied = await Promise.all([reviewer, unit('longshan')].map((p) => read(planId, '0b7d3f52-5a8e-4c39-9d0e-2f1c6a7b8e90', p)));

    // Assess
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(bad).fields).toEqual([expect.objectContaining({ path: 'executionId' })]);
    expect(denied.map((r) => r.statusCode)).toEqual([403, 403]);
  });
});

describe('executionArn', () => {
  it('derives the execution ARN from the state machine ARN', () => {
    // Act / Assess
    expect(executionArn('arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Breakdown-x1', 'e-1')).toBe(
      'arn:aws-cn:states:cn-north-1:123456789012:execution:Breakdown-x1:e-1',
    );
    expect(() => executionArn('arn:aws:lambda:us-east-1:1:function:f', 'e-1')).toThrow();
  });
});
