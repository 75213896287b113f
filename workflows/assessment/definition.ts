import { Duration } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AppFunction, AppTable } from '../../infra/constructs/app-function.js';
import { allowReportObjects } from '../../infra/constructs/report-objects.js';
import {
  allowStartAndDescribe,
  failureRoute,
  invokeFunction,
  type InvokeOptions,
  retryWithJitter,
  workflowFunction,
  type WorkflowFunctionProps,
  workflowStateMachine,
} from '../../infra/constructs/state-machines.js';

export interface AssessmentWorkflowProps {
  table: AppTable;
  /** The reports go here (under `reports/assessments/`). */
  bucket: IBucket;
}

/** Batches scored at once: enough to finish 1,500 units in minutes, few enough not to throttle the table. */
export const SCORE_CONCURRENCY = 10;

/**
 * The assessment state machine of docs/architecture.md ("Year-end assessment"): prepare (freeze, cut the
 * units into batches of 25), score the batches (at most 10 at once), rank, and unless a dry run publish the
 * reports and notify the units; the run item ends SUCCEEDED, or FAILED through RecordFailure. Every step
 * rewrites the same items when retried (scores and ranking under the run's own partition, objects under the
 * run's own keys, PUBLISHED moved once), so a crashed function is retried too. Transitions grow with
 * batches, not units. JSONPath only: the local interpreter ignores JSONata and Assign.
 */
export class AssessmentWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Record<'prepare' | 'score' | 'rank' | 'publish' | 'notify' | 'finish', AppFunction>;

  constructor(scope: Construct, id: string, props: AssessmentWorkflowProps) {
    super(scope, id);
    const taskFunction = (fnId: string, entry: string, options: Omit<WorkflowFunctionProps, 'access'> = {}) =>
      workflowFunction(this, fnId, entry, props.table, { access: 'readWrite', ...options });
    this.functions = {
      prepare: taskFunction('PrepareFunction', 'workflows/assessment/tasks/prepare.ts'),
      score: taskFunction('ScoreBatchFunction', 'workflows/assessment/tasks/score-batch.ts', { timeout: Duration.minutes(5), memorySize: 1024 }),
      rank: taskFunction('RankFunction', 'workflows/assessment/tasks/rank.ts', { timeout: Duration.minutes(2) }),
      // Renders the workbooks and charts (exceljs and ECharts from the document libraries layer): the most memory and time of the run.
      publish: taskFunction('PublishFunction', 'workflows/assessment/tasks/publish.ts', {
        timeout: Duration.minutes(10),
        memorySize: 2048,
        documentLibraries: true,
      }),
      notify: taskFunction('NotifyFunction', 'workflows/assessment/tasks/notify.ts', { timeout: Duration.minutes(5) }),
      finish: taskFunction('FinishFunction', 'workflows/assessment/tasks/finish.ts'),
    };
    allowReportObjects(this.functions.publish, props.bucket, 's3:PutObject');

    const invoke = (stateId: string, fn: AppFunction, options: InvokeOptions = {}) => invokeFunction(this, stateId, fn, { ...options, idempotent: true });

    const onFailure = failureRoute(this, invoke('RecordFailure', this.functions.finish, { resultPath: sfn.JsonPath.DISCARD }));

    // A batch writes 50 items per 25 units: throttling is the expected transient failure, so more and longer attempts.
    const scoreBatch = invoke('ScoreBatch', this.functions.score, { retry: retryWithJitter({ maxAttempts: 8, maxDelay: Duration.minutes(1) }) });
    const scoreUnits = sfn.Map.jsonPath(this, 'ScoreUnits', {
      itemsPath: '$.batches',
      maxConcurrency: SCORE_CONCURRENCY,
      itemSelector: { 'year.$': '$.year', 'runId.$': '$.runId', 'unitIds.$': '$$.Map.Item.Value.unitIds' },
      // The scores are in the table; the Map's output would only carry them through the state.
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(scoreBatch);

    const finishRun = onFailure(invoke('FinishRun', this.functions.finish)).next(new sfn.Succeed(this, 'Done'));
    const publish = onFailure(invoke('PublishReport', this.functions.publish))
      .next(onFailure(invoke('NotifyUnits', this.functions.notify, { resultPath: '$.notified' })))
      .next(finishRun);
    const definition = onFailure(invoke('PrepareAssessment', this.functions.prepare))
      .next(onFailure(scoreUnits))
      .next(onFailure(invoke('RankUnits', this.functions.rank)))
      .next(new sfn.Choice(this, 'DryRun?').when(sfn.Condition.booleanEquals('$.dryRun', true), finishRun).otherwise(publish));

    this.stateMachine = workflowStateMachine(this, {
      definition,
      // The year's lock expires after this timeout too (ASSESSMENT_LOCK_SECONDS).
      timeout: Duration.hours(2),
      functions: Object.values(this.functions),
    });
  }

  /** Lets `fn` start executions (`ASSESSMENT_STATE_MACHINE_ARN`) and describe them, nothing else. */
  allowStartAndDescribe(fn: AppFunction): void {
    allowStartAndDescribe(this.stateMachine, fn, 'ASSESSMENT_STATE_MACHINE_ARN');
  }
}
