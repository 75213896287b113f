import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AppFunction, type AppTable, type TableAccess } from '../../infra/constructs/app-function.js';

export interface BreakdownWorkflowProps {
  table: AppTable;
}

/** Errors worth another attempt: our own transient failures and the Lambda service's. */
const TRANSIENT_ERRORS = [
  'RetryableError',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/**
 * The breakdown state machine of docs/architecture.md: validate the plan, write each goal's tasks
 * (at most 4 goals at once), summarize, notify the units when anything changed; any failure is
 * recorded before the execution fails. JSONPath only: the local interpreter ignores JSONata and Assign.
 */
export class BreakdownWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Record<'validate' | 'writeGoal' | 'finish' | 'notify', AppFunction>;

  constructor(scope: Construct, id: string, props: BreakdownWorkflowProps) {
    super(scope, id);
    const taskFunction = (fnId: string, entry: string, access: TableAccess) =>
      new AppFunction(this, fnId, { entry, table: { ...props.table, access }, timeout: Duration.minutes(1) });
    this.functions = {
      validate: taskFunction('ValidateFunction', 'workflows/breakdown/tasks/validate-plan.ts', 'read'),
      writeGoal: taskFunction('WriteGoalFunction', 'workflows/breakdown/tasks/write-goal-tasks.ts', 'readWrite'),
      finish: taskFunction('FinishFunction', 'workflows/breakdown/tasks/finish-breakdown.ts', 'readWrite'),
      notify: taskFunction('NotifyFunction', 'workflows/breakdown/tasks/notify-units.ts', 'readWrite'),
    };
    const invoke = (stateId: string, fn: AppFunction, options: { resultPath?: string; retry?: sfn.RetryProps } = {}) =>
      LambdaInvoke.jsonPath(this, stateId, {
        lambdaFunction: fn.function,
        // Resource = the function ARN: the handler gets the state input and returns the state result.
        payloadResponseOnly: true,
        // The default retry has no jitter; ours covers the same Lambda errors.
        retryOnServiceExceptions: false,
        ...(options.resultPath === undefined ? {} : { resultPath: options.resultPath }),
      }).addRetry(options.retry ?? retryWithJitter());

    const recordFailure = invoke('RecordFailure', this.functions.finish, { resultPath: sfn.JsonPath.DISCARD }).next(
      new sfn.Fail(this, 'Failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' }),
    );
    const onFailure = <T extends sfn.TaskStateBase | sfn.Map>(state: T): T =>
      state.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' }) as T;

    const writeGoalTasks = invoke('WriteGoalTasks', this.functions.writeGoal, {
      // Throttled batch writes are the expected transient failure here: allow more, longer attempts.
      retry: retryWithJitter({ maxAttempts: 8, maxDelay: Duration.minutes(1) }),
    });
    const breakDownGoals = sfn.Map.jsonPath(this, 'BreakDownGoals', {
      itemsPath: '$.goalIds',
      maxConcurrency: 4,
      itemSelector: {
        'planId.$': '$.planId',
        'revision.$': '$.revision',
        'executionId.$': '$.executionId',
        'startedAt.$': '$.startedAt',
        'goalId.$': '$$.Map.Item.Value',
      },
      resultPath: '$.goalResults',
    }).itemProcessor(writeGoalTasks);

    const done = new sfn.Succeed(this, 'Done');
    const notifyUnits = onFailure(invoke('NotifyUnits', this.functions.notify, { resultPath: '$.notified' })).next(done);
    const definition = onFailure(invoke('ValidatePlan', this.functions.validate))
      .next(onFailure(breakDownGoals))
      .next(onFailure(invoke('FinishBreakdown', this.functions.finish)))
      .next(
        new sfn.Choice(this, 'AnyChanges')
          .when(sfn.Condition.booleanEquals('$.changed', true), notifyUnits)
          .otherwise(done),
      );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // The breakdown lock expires after this timeout too (see the breakdowns function).
      timeout: Duration.hours(1),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    this.acknowledgeRoleWildcards();
  }

  /** Lets `fn` start executions (`BREAKDOWN_STATE_MACHINE_ARN`) and describe them, nothing else. */
  allowStartAndDescribe(fn: AppFunction): void {
    fn.function.addEnvironment('BREAKDOWN_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(fn.function);
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${this.logicalIdOf(this.stateMachine)}.Name>:*]`,
      reason: 'execution names are chosen at start: any execution of this one state machine',
    });
  }

  private acknowledgeRoleWildcards(): void {
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'log delivery (logs:*LogDelivery*, DescribeResourcePolicies) and X-Ray accept no resource-level permissions',
    });
    for (const fn of Object.values(this.functions)) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(fn.function)}.Arn>:*]`,
        reason: 'invoking a task function by any version or alias of that one function',
      });
    }
  }

  private logicalIdOf(construct: Construct): string {
    return Stack.of(this).resolve((construct.node.defaultChild as CfnElement).logicalId) as string;
  }
}

function retryWithJitter(overrides: Partial<sfn.RetryProps> = {}): sfn.RetryProps {
  return {
    errors: TRANSIENT_ERRORS,
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 5,
    maxDelay: Duration.seconds(20),
    // Full jitter spreads the retries of the four parallel goals instead of stampeding together.
    jitterStrategy: sfn.JitterType.FULL,
    ...overrides,
  };
}
