import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { AppFunction, type AppFunctionProps, type AppTable, type TableAccess } from './app-function.js';

/*
 * What every workflow's state machine shares: Standard type, X-Ray, full logging to a log group with a
 * retention, retries with full jitter on transient errors, and least-privilege start/describe grants.
 */

/** Errors worth another attempt: our own transient failures and the Lambda service's. */
export const TRANSIENT_ERRORS = [
  'RetryableError',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * A function that died mid-invocation: `Sandbox.Timedout` (its timeout), `Lambda.Unknown` (out of memory,
 * a runtime exit). Part of its work may be written. Worth another attempt only for tasks that are
 * idempotent as a whole (the chase's: conditional writes throughout); a plain error thrown by the code
 * (a bug, bad input) is not one of these and still fails the task at once.
 */
export const FUNCTION_CRASHES = ['Sandbox.Timedout', 'Lambda.Unknown'];

/** Exponential backoff with full jitter, so the parallel branches of a Map retry spread out instead of stampeding together. */
export function retryWithJitter(overrides: Partial<sfn.RetryProps> = {}): sfn.RetryProps {
  return {
    errors: TRANSIENT_ERRORS,
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 5,
    maxDelay: Duration.seconds(20),
    jitterStrategy: sfn.JitterType.FULL,
    ...overrides,
  };
}

const STATE_TIMEOUT_MARGIN = Duration.seconds(10);

export interface InvokeOptions {
  /** Where the function's answer goes in the state's output (the whole output when absent). */
  resultPath?: string;
  retry?: sfn.RetryProps;
  /** The task is idempotent as a whole: a function that died mid-way (FUNCTION_CRASHES) is retried too. */
  idempotent?: boolean;
}

/** A Task state calling a workflow function with the state's input, retried with full jitter. */
export function invokeFunction(scope: Construct, stateId: string, fn: AppFunction, options: InvokeOptions = {}): sfn.TaskStateBase {
  const retry = options.retry ?? retryWithJitter();
  return LambdaInvoke.jsonPath(scope, stateId, {
    lambdaFunction: fn.function,
    // Resource = the function ARN: the handler gets the state input and returns the state result.
    payloadResponseOnly: true,
    // The default retry has no jitter; ours covers the same Lambda errors.
    retryOnServiceExceptions: false,
    ...(options.resultPath === undefined ? {} : { resultPath: options.resultPath }),
    // The function's own timeout ends it first (Sandbox.Timedout); the state waits a little longer. Left out,
    // an interpreter applies its own default: aws-local-stepfunctions gives up on any Task after 60 s.
    taskTimeout: sfn.Timeout.duration((fn.function.timeout ?? Duration.seconds(3)).plus(STATE_TIMEOUT_MARGIN)),
  }).addRetry(options.idempotent ? { ...retry, errors: [...TRANSIENT_ERRORS, ...FUNCTION_CRASHES] } : retry);
}

export interface WorkflowFunctionProps extends Pick<AppFunctionProps, 'timeout' | 'memorySize' | 'documentLibraries'> {
  /** How much of the table the function may touch; no table at all when absent. */
  access?: TableAccess;
}

/** A workflow's task function: the house Lambda, one minute unless said, with the table at `access`. */
export function workflowFunction(scope: Construct, id: string, entry: string, table: AppTable, props: WorkflowFunctionProps = {}): AppFunction {
  const { access, ...options } = props;
  return new AppFunction(scope, id, {
    entry,
    ...(access ? { table: { ...table, access } } : {}),
    timeout: Duration.minutes(1),
    ...options,
  });
}

/**
 * How a workflow ends when a state fails: `$.error` ({ Error, Cause }) becomes the execution's error, after
 * `record` (a Task that records the run FAILED, its own answer discarded) when the run has a record to close.
 * Answers the catch to put on each state: `onFailure(state)` sends any error of `state` there.
 */
export function failureRoute(scope: Construct, record?: sfn.TaskStateBase): <T extends sfn.TaskStateBase | sfn.Map>(state: T) => T {
  const failed = new sfn.Fail(scope, 'Failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' });
  const handler = record ? record.next(failed) : failed;
  return (state) => state.addCatch(handler, { errors: [sfn.Errors.ALL], resultPath: '$.error' }) as typeof state;
}

/**
 * The workflow's state machine (`<scope>/StateMachine`, its log group `<scope>/Logs`), with the cdk-nag
 * acknowledgements its role needs: log delivery and X-Ray take no resource, and invoking a task function
 * is granted on any version of that one function.
 */
export function workflowStateMachine(
  scope: Construct,
  props: { definition: sfn.IChainable; timeout: Duration; functions: readonly AppFunction[] },
): sfn.StateMachine {
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: {
      destination: new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
      level: sfn.LogLevel.ALL,
      includeExecutionData: true,
    },
  });
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'log delivery (logs:*LogDelivery*, DescribeResourcePolicies) and X-Ray accept no resource-level permissions',
  });
  for (const fn of props.functions) {
    Validations.of(stateMachine.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn.function)}.Arn>:*]`,
      reason: 'invoking a task function by any version or alias of that one function',
    });
  }
  return stateMachine;
}

/** Lets `fn` start executions of the state machine (its ARN in `envName`) and describe them, nothing else. */
export function allowStartAndDescribe(stateMachine: sfn.StateMachine, fn: AppFunction, envName: string): void {
  fn.function.addEnvironment(envName, stateMachine.stateMachineArn);
  stateMachine.grantStartExecution(fn.function);
  const executions = Stack.of(stateMachine).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachine.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${logicalIdOf(stateMachine)}.Name>:*]`,
    reason: 'execution names are chosen at start: any execution of this one state machine',
  });
}

function logicalIdOf(construct: Construct): string {
  return Stack.of(construct).resolve((construct.node.defaultChild as CfnElement).logicalId) as string;
}
