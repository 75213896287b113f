import { SFNClient } from '@aws-sdk/client-sfn';
import { optionalEnv } from '../../shared/config/env.js';

let client: SFNClient | undefined;

/** One client per container; `SFN_ENDPOINT` points it at the local runtime's Step Functions API. */
export function stepFunctions(): SFNClient {
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
