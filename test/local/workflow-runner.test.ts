import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileExecutionStore, memoryExecutionStore, type ExecutionStore } from '../../infra/local/execution-store.js';
import { fakeArn } from '../../infra/local/fake-aws.js';
import { createFunctionRegistry, type Handler, type LocalFunction } from '../../infra/local/functions.js';
import type { AslDefinition, LocalStateMachine } from '../../infra/local/state-machines.js';
import { createWorkflowRunner } from '../../infra/local/workflow-runner.js';

// Small hand-written machines exercise the runner's own behaviour; the synthesized ones are covered
// by sfn-endpoint.test.ts and test/workflows.
const fn = (name: string): LocalFunction => ({
  logicalId: name,
  name,
  arn: fakeArn.function(name),
  entry: `fake/${name}.ts`,
  environment: {},
  timeoutSeconds: 3,
  memoryMb: 128,
});

const machine = (name: string, definition: AslDefinition): LocalStateMachine => ({
  logicalId: name,
  name,
  arn: fakeArn.stateMachine(name),
  definition,
});

function runnerWith(handlers: Record<string, Handler>, machines: LocalStateMachine[], store?: ExecutionStore) {
  const registry = createFunctionRegistry(
    Object.keys(handlers).map(fn),
    { handlers: Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [`fake/${name}.ts`, handler])) },
  );
  return createWorkflowRunner({ stateMachines: machines, registry, retryDelayMs: 1, ...(store ? { store } : {}) });
}

class PlanInvalid extends Error {
  override name = 'PlanInvalid';
}

const oneTask = machine('OneTask', {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: fakeArn.function('work'),
      Parameters: { 'input.$': '$', 'executionId.$': '$$.Execution.Id', 'executionName.$': '$$.Execution.Name' },
      Retry: [{ ErrorEquals: ['RetryableError'], IntervalSeconds: 30, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['PlanInvalid'], ResultPath: '$.error', Next: 'Record' }],
      End: true,
    },
    Record: { Type: 'Pass', Parameters: { 'caught.$': '$.error' }, Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'BreakdownFailed', Cause: 'see the record' },
  },
});

describe('workflow runner', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('gives Task handlers the state input and the execution context', async () => {
    // Prepare
    const runner = runnerWith({ work: (event) => ({ got: event }) }, [oneTask]);

    // Act
    const { executionArn } = runner.start('OneTask', { planId: 'p1' }, 'first');
    const execution = await runner.wait(executionArn);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      got: { input: { planId: 'p1' }, executionId: executionArn, executionName: 'first' },
    });
    expect(execution.stateTransitions).toBe(1);
  });

  it('surfaces a handler error under its name, so that Retry and Catch match it', async () => {
    // Prepare
    let attempts = 0;
    const runner = runnerWith(
      {
        work: () => {
          attempts++;
          if (attempts === 1) throw Object.assign(new Error('throttled'), { name: 'RetryableError' });
          throw new PlanInvalid('goal g1 has no units');
        },
      },
      [oneTask],
    );

    // Act
    const execution = await runner.wait(runner.start('OneTask', {}).executionArn);

    // Assess
    expect(attempts).toBe(2);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'BreakdownFailed', cause: 'see the record' });
    expect(execution.stateTransitions).toBe(3);
  });

  it('answers the lambda:invoke form with StatusCode and Payload', async () => {
    // Prepare
    const invoked = machine('Invoked', {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: fakeArn.function('work'), 'Payload.$': '$' },
          ResultSelector: { 'status.$': '$.StatusCode', 'result.$': '$.Payload' },
          End: true,
        },
      },
    });
    const runner = runnerWith({ work: (event) => ({ doubled: (event as { n: number }).n * 2 }) }, [invoked]);

    // Act
    const execution = await runner.wait(runner.start('Invoked', { n: 21 }).executionArn);

    // Assess
    expect(JSON.parse(execution.output!)).toEqual({ status: 200, result: { doubled: 42 } });
  });

  it('keeps executions in files: a new runner lists them, and one cut off by a stop is aborted', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'executions-'));
    dirs.push(dir);
    const first = runnerWith({ work: () => ({}) }, [oneTask], fileExecutionStore(dir));
    const done = first.start('OneTask', {}, 'done').executionArn;
    await first.wait(done);
    const store = fileExecutionStore(dir);
    store.save({ ...first.describe(done), executionArn: fakeArn.execution('OneTask', 'cut'), name: 'cut', status: 'RUNNING' });

    // Act
    const second = runnerWith({ work: () => ({}) }, [oneTask], fileExecutionStore(dir));
    const listed = second.list('OneTask');

    // Assess
    expect(readdirSync(dir)).toHaveLength(2);
    expect(second.describe(done).status).toBe('SUCCEEDED');
    expect(listed.executions.map((e) => [e.name, e.status]).sort()).toEqual([
      ['cut', 'ABORTED'],
      ['done', 'SUCCEEDED'],
    ]);
  });

  it('on close lets running executions finish within the grace period, then aborts the rest', async () => {
    // Prepare
    const runner = runnerWith({ work: () => new Promise(() => undefined) }, [oneTask], memoryExecutionStore());
    const { executionArn } = runner.start('OneTask', {});

    // Act
    await runner.close(10);

    // Assess
    expect(runner.describe(executionArn)).toMatchObject({ status: 'ABORTED', error: 'LocalRuntimeStopped' });
  });
});
