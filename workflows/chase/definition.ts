import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AppFunction, AppTable } from '../../infra/constructs/app-function.js';
import { allowCheckpointWrites } from '../../infra/constructs/audit-objects.js';
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

export interface ChaseWorkflowProps {
  table: AppTable;
  /** The monthly bulletin's objects go here (under `reports/`). */
  bucket: IBucket;
  /** The write-once bucket where the day's checkpoint of the audit trail goes (under `audit/checkpoints/`). */
  auditBucket: IBucket;
}

/**
 * The chase state machine of docs/architecture.md: plan the day's pages (the shards of the open-task
 * index), chase each shard page by page (at most 4 shards at once; ChasePage ⇄ MorePages?), on the first
 * working day of a month publish the monthly bulletin (BulletinDay? → PublishBulletin), send the day's
 * digests, write a checkpoint of the audit trail (WriteCheckpoint: the head of every task's chain, kept
 * outside the table, docs/decisions/0012), summarize. Transitions grow with pages, not tasks. Re-runs of a day add nothing: every level,
 * every digest and the bulletin is a conditional write. JSONPath only: the local interpreter ignores JSONata and Assign.
 */
export class ChaseWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Record<'plan' | 'page' | 'bulletin' | 'digests' | 'checkpoint' | 'summarize', AppFunction>;

  constructor(scope: Construct, id: string, props: ChaseWorkflowProps) {
    super(scope, id);
    const taskFunction = (fnId: string, entry: string, options: WorkflowFunctionProps = {}) => workflowFunction(this, fnId, entry, props.table, options);
    this.functions = {
      plan: taskFunction('PlanFunction', 'workflows/chase/tasks/plan-chase.ts', { access: 'read' }),
      page: taskFunction('PageFunction', 'workflows/chase/tasks/chase-page.ts', { access: 'readWrite' }),
      // The bulletin's workbook and chart: exceljs and ECharts from the document libraries layer.
      bulletin: taskFunction('BulletinFunction', 'workflows/chase/tasks/publish-bulletin.ts', { access: 'read', documentLibraries: true }),
      digests: taskFunction('DigestsFunction', 'workflows/chase/tasks/send-digests.ts', { access: 'readWrite' }),
      // Reads every task's head: one gsi1 Query per plan, minutes at most even for a province's tasks.
      checkpoint: taskFunction('CheckpointFunction', 'workflows/chase/tasks/write-checkpoint.ts', { access: 'read', timeout: Duration.minutes(5) }),
      summarize: taskFunction('SummarizeFunction', 'workflows/chase/tasks/summarize.ts'),
    };
    // Every task of the chase is idempotent as a whole, so a function that died mid-way is retried too.
    const invoke = (stateId: string, fn: AppFunction, options: InvokeOptions = {}) => invokeFunction(this, stateId, fn, { ...options, idempotent: true });

    // A chase keeps no run record: a failed one is its execution's error, and the next day's run chases again.
    const onFailure = failureRoute(this);

    // A page writes escalations: throttling is the expected transient failure, so more and longer attempts.
    const chasePage = invoke('ChasePage', this.functions.page, { retry: retryWithJitter({ maxAttempts: 8, maxDelay: Duration.minutes(1) }) });
    const shardLoop = chasePage.next(
      new sfn.Choice(this, 'MorePages?')
        .when(sfn.Condition.isPresent('$.nextKey'), chasePage)
        .otherwise(new sfn.Succeed(this, 'ShardDone')),
    );
    const chaseShards = sfn.Map.jsonPath(this, 'ChaseShards', {
      itemsPath: '$.pages',
      maxConcurrency: 4,
      itemSelector: {
        'date.$': '$.date',
        'pageSize.$': '$.pageSize',
        'year.$': '$$.Map.Item.Value.year',
        'shard.$': '$$.Map.Item.Value.shard',
        'run.$': '$$.Execution.Name',
      },
      resultPath: '$.shards',
    }).itemProcessor(shardLoop);

    allowReportObjects(this.functions.bulletin, props.bucket, 's3:PutObject');
    // It reads the table, and writes only the bulletin's item and its document number (shared/store/settings-repo.ts).
    this.functions.bulletin.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [props.table.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['BULLETINS', 'DOCNUMBERS#*'] } },
      }),
    );
    allowCheckpointWrites(this.functions.checkpoint, props.auditBucket);

    const sendDigests = onFailure(invoke('SendDigests', this.functions.digests, { resultPath: '$.digests' }));
    // A state of its own rather than part of SendDigests: its own grants (the audit bucket, read-only table) and
    // retries. Its answer ({ at, chains, root, location }) stays in the execution's history; the result is the
    // chase's. A checkpoint not written fails the run, so that a day without one does not pass unnoticed.
    sendDigests
      .next(onFailure(invoke('WriteCheckpoint', this.functions.checkpoint, { resultPath: '$.checkpoint' })))
      .next(onFailure(invoke('Summarize', this.functions.summarize)))
      .next(new sfn.Succeed(this, 'Done'));
    // The first working day of a month (PlanChase says which) publishes the bulletin before the digests link it.
    const publishBulletin = onFailure(invoke('PublishBulletin', this.functions.bulletin, { resultPath: '$.bulletin' }));
    const definition = onFailure(invoke('PlanChase', this.functions.plan))
      .next(onFailure(chaseShards))
      .next(
        new sfn.Choice(this, 'BulletinDay?')
          .when(sfn.Condition.isPresent('$.bulletinMonth'), publishBulletin.next(sendDigests))
          .otherwise(sendDigests),
      );

    this.stateMachine = workflowStateMachine(this, {
      definition,
      timeout: Duration.hours(2),
      functions: Object.values(this.functions),
    });
  }

  /** Lets `fn` start executions (`CHASE_STATE_MACHINE_ARN`) and describe them, nothing else. */
  allowStartAndDescribe(fn: AppFunction): void {
    allowStartAndDescribe(this.stateMachine, fn, 'CHASE_STATE_MACHINE_ARN');
  }
}

