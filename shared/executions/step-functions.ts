import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { optionalEnv } from '../config/env.js';
import { describeError, log } from '../http/log.js';

/*
 * The one adapter between the API and Step Functions: the three workflows (breakdown, chase, assessment) start
 * and describe their executions here, so that a route never holds an SDK client of its own.
 */

let client: SFNClient | undefined;

/** One client per container; `SFN_ENDPOINT` points it at the local runtime's Step Functions API. */
function stepFunctions(): SFNClient {
  if (!client) {
    const endpoint = optionalEnv('SFN_ENDPOINT');
    client = new SFNClient(endpoint ? { endpoint } : {});
  }
  return client;
}

/** `arn:aws:states:<region>:<account>:stateMachine:<name>` → the ARN of its execution named `executionId`. */
export function executionArn(stateMachineArn: string, executionId: string): string {
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn);
  if (!match) throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return `${match[1]}:execution:${match[2]}:${executionId}`;
}

/** Starts the execution `name` on `input` (sent as JSON). A refusal is thrown as Step Functions gives it. */
export async function startExecution(stateMachineArn: string, name: string, input: unknown): Promise<void> {
  await stepFunctions().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
}

export type Execution = Pick<DescribeExecutionCommandOutput, 'status' | 'output' | 'error' | 'cause' | 'startDate' | 'stopDate'>;

/**
 * The execution as Step Functions sees it; `MISSING` when there is none (a run whose start failed never had
 * one); undefined when Step Functions cannot say (logged), which a caller must not take for an ended run.
 */
export async function describeExecution(stateMachineArn: string, executionId: string): Promise<Execution | 'MISSING' | undefined> {
  const arn = executionArn(stateMachineArn, executionId);
  try {
    return await stepFunctions().send(new DescribeExecutionCommand({ executionArn: arn }));
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'MISSING';
    log.warn('DescribeExecution failed', { executionArn: arn, error: describeError(error) });
    return undefined;
  }
}
