import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AppFunction, AppTable, TableAccess } from '../../infra/constructs/app-function.js';
import {
  allowStartAndDescribe,
  failureRoute,
  invokeFunction,
  type InvokeOptions,
  retryWithJitter,
  workflowFunction,
  workflowStateMachine,
} from '../../infra/constructs/state-machines.js';

export interface BreakdownWorkflowProps {
  table: AppTable;
}

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
    const taskFunction = (fnId: string, entry: string, access: TableAccess, timeout?: Duration) =>
      workflowFunction(this, fnId, entry, props.table, { access, ...(timeout ? { timeout } : {}) });
    this.functions = {
      validate: taskFunction('ValidateFunction', 'workflows/breakdown/tasks/validate-plan.ts', 'read'),
      writeGoal: taskFunction('WriteGoalFunction', 'workflows/breakdown/tasks/write-goal-tasks.ts', 'readWrite'),
      // The finish counts the plan's summary again from every task (decision 0017): 150,000 of them read.
      finish: taskFunction('FinishFunction', 'workflows/breakdown/tasks/finish-breakdown.ts', 'readWrite', Duration.minutes(5)),
      notify: taskFunction('NotifyFunction', 'workflows/breakdown/tasks/notify-units.ts', 'readWrite'),
    };
    const invoke = (stateId: string, fn: AppFunction, options: InvokeOptions = {}) => invokeFunction(this, stateId, fn, options);

    const onFailure = failureRoute(this, invoke('RecordFailure', this.functions.finish, { resultPath: sfn.JsonPath.DISCARD }));

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

    this.stateMachine = workflowStateMachine(this, {
      definition,
      // The breakdown lock expires after this timeout too (see the breakdowns function).
      timeout: Duration.hours(1),
      functions: Object.values(this.functions),
    });
  }

  /** Lets `fn` start executions (`BREAKDOWN_STATE_MACHINE_ARN`) and describe them, nothing else. */
  allowStartAndDescribe(fn: AppFunction): void {
    allowStartAndDescribe(this.stateMachine, fn, 'BREAKDOWN_STATE_MACHINE_ARN');
  }
}

