import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Execution, ExecutionStatus } from './execution-store.js';
import { close, listen } from './http-server.js';
import { SfnError, type WorkflowRunner } from './workflow-runner.js';

export interface SfnEndpoint {
  url: string;
  close(): Promise<void>;
}

type Operation = (input: Record<string, unknown>) => unknown;

/**
 * The Step Functions API (AWS JSON 1.0) over the local runner, so that handlers keep using the real
 * `@aws-sdk/client-sfn` with `SFN_ENDPOINT` pointing here.
 */
export async function startSfnEndpoint(options: { runner: WorkflowRunner; port?: number }): Promise<SfnEndpoint> {
  const operations = operationsOf(options.runner);
  const server = createServer((request, response) => {
    void readJson(request).then((input) => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
      let status = 200;
      let body: unknown;
      try {
        const call = operations[operation];
        if (!call) throw new SfnError('UnknownOperationException', `Unknown operation ${operation}`);
        if (input === undefined) throw new SfnError('SerializationException', 'The request body is not JSON');
        body = call(input);
      } catch (error) {
        const known = error instanceof SfnError;
        if (!known) console.error(`Step Functions ${operation}:`, error);
        status = known ? 400 : 500;
        body = { __type: known ? error.name : 'InternalFailure', message: known ? error.message : 'Internal failure' };
      }
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(text);
    });
  });
  await listen(server, options.port ?? 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

function operationsOf(runner: WorkflowRunner): Record<string, Operation> {
  return {
    StartExecution(input) {
      const stateMachineArn = arn(input.stateMachineArn, 'stateMachine');
      let parsed: unknown = {};
      if (input.input !== undefined) {
        try {
          parsed = JSON.parse(String(input.input));
        } catch {
          throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not JSON');
        }
      }
      const started = runner.start(stateMachineArn, parsed, input.name === undefined ? undefined : String(input.name));
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    },
    DescribeExecution(input) {
      const execution = runner.describe(arn(input.executionArn, 'execution'));
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output === undefined ? {} : { output: execution.output, outputDetails: { included: true } }),
        ...(execution.error === undefined ? {} : { error: execution.error }),
        ...(execution.cause === undefined ? {} : { cause: execution.cause }),
      };
    },
    ListExecutions(input) {
      const page = runner.list(arn(input.stateMachineArn, 'stateMachine'), {
        ...(input.statusFilter === undefined ? {} : { statusFilter: input.statusFilter as ExecutionStatus }),
        ...(input.maxResults === undefined ? {} : { maxResults: Number(input.maxResults) }),
        ...(input.nextToken === undefined ? {} : { nextToken: String(input.nextToken) }),
      });
      return { executions: page.executions.map(summary), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },
    StopExecution(input) {
      const execution = runner.stop(arn(input.executionArn, 'execution'), {
        ...(input.error === undefined ? {} : { error: String(input.error) }),
        ...(input.cause === undefined ? {} : { cause: String(input.cause) }),
      });
      return { stopDate: epochSeconds(execution.stopDate ?? new Date().toISOString()) };
    },
    DescribeStateMachine(input) {
      const stateMachineArn = arn(input.stateMachineArn, 'stateMachine');
      const machine = runner.stateMachines.find((m) => m.arn === stateMachineArn);
      if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        type: 'STANDARD',
        creationDate: 0,
      };
    },
    ListStateMachines: () => ({
      stateMachines: runner.stateMachines.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: 0 })),
    }),
  };
}

function arn(value: unknown, kind: 'stateMachine' | 'execution'): string {
  if (typeof value !== 'string' || !value.startsWith(`arn:aws:states:`) || !value.includes(`:${kind}:`)) {
    throw new SfnError('InvalidArn', `Invalid Arn: '${String(value)}'`);
  }
  return value;
}

function summary(execution: Execution): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate === undefined ? {} : { stopDate: epochSeconds(execution.stopDate) }),
  };
}

/** AWS JSON protocols carry timestamps as fractional epoch seconds. */
function epochSeconds(iso: string): number {
  return new Date(iso).getTime() / 1000;
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        done(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        done(undefined);
      }
    });
    request.on('error', () => done(undefined));
  });
}
