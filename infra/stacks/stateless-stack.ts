import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, type IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BreakdownWorkflow } from '../../workflows/breakdown/definition.js';
import { ChaseWorkflow } from '../../workflows/chase/definition.js';
import { ChaseSchedule } from '../../workflows/chase/schedule.js';
import { AssessmentWorkflow } from '../../workflows/assessment/definition.js';
import { HttpApiWithRoutes } from '../constructs/http-api.js';
import { AppFunction, type AppTable, type TableAccess } from '../constructs/app-function.js';
import { NotificationRelay } from '../constructs/notification-relay.js';
import { allowReportObjects } from '../constructs/report-objects.js';
import { WebHosting } from '../constructs/web-hosting.js';

export interface StatelessStackProps extends StackProps {
  table: AppTable;
  bucket: IBucket;
  auditBucket: IBucket;
  evidenceAccess: IManagedPolicy;
  /** CloudFront's access logs go there (the stateful stack keeps them). */
  logBucket: IBucket;
  /** The built web workspace to deploy; a placeholder page without it (see WebHosting). */
  webDist?: string;
}

/**
 * Everything that can be destroyed and redeployed: the functions (docs/architecture.md, "Functions,
 * environment and grants"), the HTTP API, the breakdown and chase state machines, the notification topic with its relay, and
 * the web workspace's bucket behind the CloudFront distribution that also routes the API's paths.
 */
export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table } = props;
    const httpFunction = (fnId: string, group: string, access: TableAccess) =>
      new AppFunction(this, fnId, { entry: `functions/${group}/handler.ts`, table: { ...table, access } });

    const breakdown = new BreakdownWorkflow(this, 'Breakdown', { table });
    const stateMachine = breakdown.stateMachine;

    // The daily chase: its task functions get only the table access they need.
    const chase = new ChaseWorkflow(this, 'Chase', { table, bucket: props.bucket, auditBucket: props.auditBucket });
    const chases = httpFunction('ChasesFunction', 'chases', 'readWrite');
    chase.allowStartAndDescribe(chases);
    // Every day at 09:00 Asia/Shanghai (locally: the runtime's timer, infra/local/schedules.ts).
    new ChaseSchedule(this, 'ChaseSchedule', { stateMachine: chase.stateMachine });

    // The year-end assessment: its HTTP functions start runs with `assessment.allowStartAndDescribe(fn)`.
    const assessment = new AssessmentWorkflow(this, 'Assessment', { table, bucket: props.bucket });

    const breakdowns = httpFunction('BreakdownsFunction', 'breakdowns', 'readWrite');
    breakdown.allowStartAndDescribe(breakdowns);

    // Units upload evidence straight to the bucket with a presigned PUT; the function only signs.
    const tasks = httpFunction('TasksFunction', 'tasks', 'readWrite');
    tasks.function.addEnvironment('EVIDENCE_BUCKET', props.bucket.bucketName);
    tasks.role.addManagedPolicy(props.evidenceAccess);

    // The monthly bulletins the chase publishes: the function reads their JSON and signs links to them, nothing else of the bucket.
    const bulletins = httpFunction('BulletinsFunction', 'bulletins', 'read');
    allowReportObjects(bulletins, props.bucket, 's3:GetObject');

    // The year-end assessment's routes read the published reports and sign links to them; the public routes only read the table.
    const assessments = httpFunction('AssessmentsFunction', 'assessments', 'readWrite');
    allowReportObjects(assessments, props.bucket, 's3:GetObject');
    assessment.allowStartAndDescribe(assessments);

    // The authorizer reads tokens, and notes a token's use once a day: that one attribute of token items only.
    const authorizer = httpFunction('AuthorizerFunction', 'authorizer', 'read');
    authorizer.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TOKEN#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'lastUsedAt'] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );

    const api = new HttpApiWithRoutes(this, 'Api', {
      authorizer,
      functions: {
        // POST /plans reads YAML plan files: the YAML parser from the layer.
        plans: new AppFunction(this, 'PlansFunction', { entry: 'functions/plans/handler.ts', table: { ...table, access: 'readWrite' }, documentLibraries: true }),
        breakdowns,
        chases,
        bulletins,
        tasks,
        // The 台账 workbook: read-only, its own function (functions/documents/handler.ts says why), exceljs from the layer.
        documents: new AppFunction(this, 'DocumentsFunction', {
          entry: 'functions/documents/handler.ts',
          table: { ...table, access: 'read' },
          documentLibraries: true,
        }),
        tokens: httpFunction('TokensFunction', 'tokens', 'readWrite'),
        inbox: httpFunction('InboxFunction', 'inbox', 'readWrite'),
        assessments,
        public: httpFunction('PublicFunction', 'public', 'read'),
        openapi: new AppFunction(this, 'OpenApiFunction', { entry: 'functions/openapi/handler.ts' }),
      },
    });

    const relay = new NotificationRelay(this, 'Notifications', { table: table.table });

    // The web workspace and the API on one origin (docs/decisions/0014-web-hosting.md).
    const web = new WebHosting(this, 'Web', {
      api: api.httpApi,
      logBucket: props.logBucket,
      evidenceBucket: props.bucket,
      ...(props.webDist === undefined ? {} : { webDist: props.webDist }),
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    // The app at <WebUrl>/app/, the API at <WebUrl>/plans… as well; sign-in links are <WebUrl>/app/signin#token=….
    new CfnOutput(this, 'WebUrl', { value: web.url });
    new CfnOutput(this, 'TableName', { value: table.table.tableName });
    new CfnOutput(this, 'BucketName', { value: props.bucket.bucketName });
    // `audit verify --bucket` and `audit checkpoint --bucket` read and write the checkpoints there.
    new CfnOutput(this, 'AuditBucketName', { value: props.auditBucket.bucketName });
    new CfnOutput(this, 'BreakdownStateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'ChaseStateMachineArn', { value: chase.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AssessmentStateMachineArn', { value: assessment.stateMachine.stateMachineArn });
    new CfnOutput(this, 'TopicArn', { value: relay.topic.topicArn });
  }
}
