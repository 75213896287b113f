import './promise-with-resolvers.js';
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { fakeArn } from './fake-aws.js';
import { memoryExecutionStore, type Execution, type ExecutionStatus, type ExecutionStore } from './execution-store.js';
import type { FunctionRegistry } from './functions.js';
import { allStates, bindTasks, type LocalStateMachine } from './state-machines.js';

/** A Step Functions API error; `name` is the AWS error code (ExecutionDoesNotExist, …). */
export class SfnError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

export interface RunnerOptions {
  stateMachines: LocalStateMachine[];
  registry: FunctionRegistry;
  /** Where executions are kept; in memory by default. */
  store?: ExecutionStore;
  /** For tests only: every Retry waits this long instead of the definition's interval and backoff. */
  retryDelayMs?: number;
  /** Called when an execution stops, whatever its outcome. */
  onFinished?: (execution: Execution) => void;
}

export interface ExecutionList {
  executions: Execution[];
  nextToken?: string;
}

export interface WorkflowRunner {
  stateMachines: LocalStateMachine[];
  /** Starts an execution of a state machine (logical id, name or ARN); idempotent for the same name and input while it runs. */
  start(stateMachine: string, input?: unknown, name?: string): { executionArn: string; startDate: string };
  /** Resolves when the execution has stopped, whatever its outcome. */
  wait(executionArn: string): Promise<Execution>;
  describe(executionArn: string): Execution;
  /** Newest first, like ListExecutions. */
  list(stateMachine: string, options?: { statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }): ExecutionList;
  stop(executionArn: string, details?: { error?: string; cause?: string }): Execution;
  /** Lets running executions finish for up to `graceMs`, then aborts the rest. */
  close(graceMs?: number): Promise<void>;
}

interface Running {
  abort(): void;
  done: Promise<Execution>;
}

/**
 * Runs the synthesized state machines with aws-local-stepfunctions, each Task state calling its
 * handler in-process, and records executions as Step Functions reports them.
 */
export function createWorkflowRunner(options: RunnerOptions): WorkflowRunner {
  const store = options.store ?? memoryExecutionStore();
  const executions = new Map<string, Execution>();
  const running = new Map<string, Running>();

  for (const execution of store.all()) {
    if (execution.status === 'RUNNING') {
      // The process that ran it is gone: nothing will ever finish it.
      Object.assign(execution, {
        status: 'ABORTED',
        stopDate: new Date().toISOString(),
        error: 'LocalRuntimeStopped',
        cause: 'The local runtime stopped while this execution was running. / 本地运行环境在执行期间停止。',
      });
      store.save(execution);
    }
    executions.set(execution.executionArn, execution);
  }

  const machines = options.stateMachines.map((machine) => {
    const tasks = bindTasks(machine, options.registry);
    const handlers = Object.fromEntries(
      [...tasks].map(([stateName, { binding, fn }]) => [
        stateName,
        async (input: unknown) => {
          try {
            if (binding.form === 'function') return await options.registry.invoke(fn, input);
            const result = await options.registry.invoke(fn, (input as { Payload?: unknown }).Payload ?? {});
            return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: result };
          } catch (error) {
            throw lambdaFailure(error);
          }
        },
      ]),
    );
    const retryStates = [...allStates(machine.definition)].filter(([, state]) => Array.isArray(state.Retry)).map(([name]) => name);
    return {
      machine,
      // A copy: validating the definition writes defaults (QueryLanguage) into it.
      interpreter: new StateMachine(structuredClone(machine.definition) as unknown as StateMachineDefinition),
      handlers,
      retryIntervalOverrides:
        options.retryDelayMs === undefined ? undefined : Object.fromEntries(retryStates.map((name) => [name, options.retryDelayMs!])),
    };
  });

  const machineOf = (reference: string) => {
    const found = machines.find(
      ({ machine }) => machine.arn === reference || machine.logicalId === reference || machine.name === reference,
    );
    if (!found) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${reference}'`);
    return found;
  };

  const executionOf = (executionArn: string): Execution => {
    const execution = executions.get(executionArn);
    if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  };

  const finish = (execution: Execution, outcome: Partial<Execution> & { status: ExecutionStatus }) => {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, outcome, { stopDate: new Date().toISOString() });
    store.save(execution);
  };

  const run = (entry: (typeof machines)[number], execution: Execution): Running => {
    const { machine } = entry;
    const started = entry.interpreter.run(JSON.parse(execution.input), {
      overrides: {
        taskResourceLocalHandlers: entry.handlers as never,
        ...(entry.retryIntervalOverrides ? { retryIntervalOverrides: entry.retryIntervalOverrides } : {}),
      },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, StartTime: execution.startDate },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    const counted = (async () => {
      for await (const event of started.eventLogs) if (event.type === 'StateEntered') execution.stateTransitions++;
    })();
    const done = started.result
      .then(
        (output) => finish(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
        (error: unknown) => finish(execution, failureOf(error)),
      )
      .then(() => counted)
      .then(() => {
        store.save(execution);
        running.delete(execution.executionArn);
        options.onFinished?.({ ...execution });
        return { ...execution };
      });
    return { abort: started.abort, done };
  };

  const stop = (executionArn: string, details: { error?: string; cause?: string } = {}): Execution => {
    const execution = executionOf(executionArn);
    if (execution.status === 'RUNNING') {
      finish(execution, { status: 'ABORTED', ...details });
      running.get(executionArn)?.abort();
    }
    return { ...execution };
  };

  return {
    stateMachines: options.stateMachines,

    start(stateMachine, input = {}, name = randomUUID()) {
      const entry = machineOf(stateMachine);
      if (!/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/.test(name)) {
        throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
      }
      const serialized = JSON.stringify(input);
      const executionArn = fakeArn.execution(entry.machine.name, name);
      const existing = executions.get(executionArn);
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === serialized) return { executionArn, startDate: existing.startDate };
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const execution: Execution = {
        executionArn,
        stateMachineArn: entry.machine.arn,
        name,
        status: 'RUNNING',
        input: serialized,
        startDate: new Date().toISOString(),
        stateTransitions: 0,
      };
      executions.set(executionArn, execution);
      store.save(execution);
      running.set(executionArn, run(entry, execution));
      return { executionArn, startDate: execution.startDate };
    },

    async wait(executionArn) {
      const execution = executionOf(executionArn);
      return running.get(executionArn)?.done ?? { ...execution };
    },

    describe: (executionArn) => ({ ...executionOf(executionArn) }),

    list(stateMachine, { statusFilter, maxResults = 100, nextToken } = {}) {
      const { arn } = machineOf(stateMachine).machine;
      const all = [...executions.values()]
        .filter((execution) => execution.stateMachineArn === arn && (!statusFilter || execution.status === statusFilter))
        .sort((a, b) => b.startDate.localeCompare(a.startDate) || b.name.localeCompare(a.name));
      const offset = nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64url').toString());
      if (!Number.isInteger(offset) || offset < 0) throw new SfnError('InvalidToken', `Invalid Token: '${nextToken}'`);
      const page = all.slice(offset, offset + (maxResults || 100));
      const next = offset + page.length;
      return {
        executions: page.map((execution) => ({ ...execution })),
        ...(next < all.length ? { nextToken: Buffer.from(String(next)).toString('base64url') } : {}),
      };
    },

    stop,

    async close(graceMs = 5000) {
      const pending = [...running.values()];
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((done) => (timer = setTimeout(done, graceMs)));
      await Promise.race([Promise.all(pending.map(({ done }) => done)), grace]);
      clearTimeout(timer);
      for (const executionArn of running.keys()) {
        stop(executionArn, { error: 'LocalRuntimeStopped', cause: 'The local runtime stopped. / 本地运行环境已停止。' });
      }
      await Promise.all([...running.values()].map(({ done }) => done));
    },
  };
}

/** Lambda reports a function error as `{ errorType, errorMessage, trace }`; Retry and Catch match on errorType. */
function lambdaFailure(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const failure = new Error(
    JSON.stringify({ errorType: original.name, errorMessage: original.message, trace: original.stack?.split('\n') ?? [] }),
  );
  failure.name = original.name;
  return failure;
}

function failureOf(error: unknown): Partial<Execution> & { status: ExecutionStatus } {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
  return { status: 'FAILED', error: cause.name, cause: cause.message };
}
