import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, shaped like DescribeExecution's answer (dates as ISO strings). */
export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  /** StateEntered events so far, nested Map and Parallel states included. */
  stateTransitions: number;
}

export interface ExecutionStore {
  all(): Execution[];
  save(execution: Execution): void;
}

export function memoryExecutionStore(): ExecutionStore {
  const executions = new Map<string, Execution>();
  return {
    all: () => [...executions.values()].map((execution) => ({ ...execution })),
    save: (execution) => void executions.set(execution.executionArn, { ...execution }),
  };
}

/** One JSON file per execution under `dir`, written atomically, so the history survives a restart. */
export function fileExecutionStore(dir: string): ExecutionStore {
  mkdirSync(dir, { recursive: true });
  const fileOf = (executionArn: string) => join(dir, `${encodeURIComponent(executionArn.split(':execution:')[1] ?? executionArn)}.json`);
  return {
    all: () =>
      readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Execution),
    save(execution) {
      const file = fileOf(execution.executionArn);
      writeFileSync(`${file}.tmp`, JSON.stringify(execution, null, 2));
      renameSync(`${file}.tmp`, file);
    },
  };
}
