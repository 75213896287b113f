import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { type Grant, grantedFunctions, normalized } from './function-grants.js';
import { functionByEntry, resourcesOfType } from './template-support.js';

const TABLE = ['Table.Arn', 'Table.Arn/index/gsi1', 'Table.Arn/index/gsi2', 'Table.Arn/index/gsi3'];
const READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const REPORTS = 'Bucket.Arn/reports/*';

const readsTable: Grant = { actions: READS, on: TABLE };
const writesTable: Grant = { actions: [...READS, ...WRITES], on: TABLE };
const putsReports: Grant = { actions: ['s3:PutObject'], on: [REPORTS] };
const getsReports: Grant = { actions: ['s3:GetObject'], on: [REPORTS] };

/** Starts executions of its own state machine and reads how they went, nobody else's. */
const startsAndDescribes = (stateMachine: string): Grant[] => [
  { actions: ['states:StartExecution'], on: [stateMachine] },
  { actions: ['states:DescribeExecution'], on: [`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${stateMachine}.Name:*`] },
];

/** What the house construct gives every function: its own log group and X-Ray traces (which take no resource). */
const appFunction = (...grants: (Grant | Grant[])[]): Grant[] => [
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], on: ['own log group'] },
  { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], on: ['*'] },
  ...grants.flat(),
];

/**
 * Every Lambda function of the template and all it may do: a function missing here, a row for a function the
 * template lacks, and any grant beyond a row (or short of it) fail the test.
 */
const GRANTS: Record<string, Grant[]> = {
  // HTTP API
  'functions/authorizer/handler.ts': appFunction(readsTable, {
    // Only a token item's lastUsedAt, once a day (docs/architecture.md, "Tokens").
    actions: ['dynamodb:UpdateItem'],
    on: ['Table.Arn'],
    when: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TOKEN#*'] },
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'lastUsedAt'] },
      StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
    },
  }),
  'functions/plans/handler.ts': appFunction(writesTable),
  'functions/breakdowns/handler.ts': appFunction(writesTable, startsAndDescribes('BreakdownStateMachine')),
  'functions/chases/handler.ts': appFunction(writesTable, startsAndDescribes('ChaseStateMachine')),
  'functions/assessments/handler.ts': appFunction(writesTable, getsReports, startsAndDescribes('AssessmentStateMachine')),
  'functions/bulletins/handler.ts': appFunction(readsTable, getsReports),
  // Evidence: the stateful stack's EvidenceAccess managed policy.
  'functions/tasks/handler.ts': appFunction(writesTable, { actions: ['s3:PutObject', 's3:GetObject'], on: ['Bucket.Arn/evidence/*'] }),
  'functions/documents/handler.ts': appFunction(readsTable),
  'functions/inbox/handler.ts': appFunction(writesTable),
  'functions/tokens/handler.ts': appFunction(writesTable),
  'functions/public/handler.ts': appFunction(readsTable),
  'functions/openapi/handler.ts': appFunction(),
  // Breakdown
  'workflows/breakdown/tasks/validate-plan.ts': appFunction(readsTable),
  'workflows/breakdown/tasks/write-goal-tasks.ts': appFunction(writesTable),
  'workflows/breakdown/tasks/finish-breakdown.ts': appFunction(writesTable),
  'workflows/breakdown/tasks/notify-units.ts': appFunction(writesTable),
  // Chase
  'workflows/chase/tasks/plan-chase.ts': appFunction(readsTable),
  'workflows/chase/tasks/chase-page.ts': appFunction(writesTable),
  'workflows/chase/tasks/publish-bulletin.ts': appFunction(readsTable, putsReports, {
    // Only the bulletin's item and the document numbers.
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    on: ['Table.Arn'],
    when: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['BULLETINS', 'DOCNUMBERS#*'] } },
  }),
  'workflows/chase/tasks/send-digests.ts': appFunction(writesTable),
  'workflows/chase/tasks/write-checkpoint.ts': appFunction(readsTable, { actions: ['s3:PutObject'], on: ['AuditBucket.Arn/audit/checkpoints/*'] }),
  'workflows/chase/tasks/summarize.ts': appFunction(),
  // Assessment
  'workflows/assessment/tasks/prepare.ts': appFunction(writesTable),
  'workflows/assessment/tasks/score-batch.ts': appFunction(writesTable),
  'workflows/assessment/tasks/rank.ts': appFunction(writesTable),
  'workflows/assessment/tasks/publish.ts': appFunction(writesTable, putsReports),
  'workflows/assessment/tasks/notify.ts': appFunction(writesTable),
  'workflows/assessment/tasks/finish.ts': appFunction(writesTable),
  // DynamoDB stream → SNS: reads the stream, never the items; failed batches go to its queue.
  'functions/outbox-relay/handler.ts': appFunction(
    { actions: ['dynamodb:ListStreams'], on: ['Table.StreamArn'] },
    { actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], on: ['Table.StreamArn'] },
    { actions: ['sns:Publish'], on: ['NotificationsTopic'] },
    { actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], on: ['NotificationsFailures.Arn'] },
  ),
  // CDK's BucketDeployment handler (no house construct): copies web/dist from CDK's asset bucket at `cdk deploy`.
  CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C: [
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], on: ['own log group'] },
    {
      actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
      on: ['arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}', 'arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}/*'],
    },
    {
      actions: [
        's3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:PutObject', 's3:PutObjectLegalHold',
        's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:Abort*',
      ],
      on: ['WebBucket.Arn', 'WebBucket.Arn/*'],
    },
  ],
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
}
const policyStatements = () =>
  resourcesOfType(templates().stateless, 'AWS::IAM::Policy').map(
    ([id, policy]) => [id, (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement] as const,
  );
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

describe('least privilege', () => {
  it('grants every function of the template exactly what its row of GRANTS says, and has a row for each', () => {
    // Act
    const functions = grantedFunctions(templates());

    // Assess
    expect(functions.map(({ name }) => name).sort()).toEqual(Object.keys(GRANTS).sort());
    for (const { name, grants } of functions) expect(grants, name).toEqual(normalized(GRANTS[name] ?? []));
  });

  it('grants "*" only for actions that take no resource (X-Ray, log delivery), state machines included', () => {
    for (const [id, statements] of policyStatements()) {
      for (const action of actionsOf(statements.filter((s) => s.Resource === '*'))) {
        expect(action, id).toMatch(/^(xray:|logs:(\w+LogDeliver(y|ies)|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$)/);
      }
    }
  });

  it('lets no role Scan the table or take every DynamoDB action, state machines included', () => {
    for (const [id, statements] of policyStatements()) {
      expect(actionsOf(statements), id).not.toContainEqual(expect.stringMatching(/^dynamodb:(Scan|\*)$/));
    }
  });

  it('names the stateful bucket to the functions that may touch its reports', () => {
    // Prepare
    const reportFunctions = Object.entries(GRANTS)
      .filter(([, grants]) => grants.some((grant) => grant.on.includes(REPORTS)))
      .map(([entry]) => entry);

    // Assess
    expect(reportFunctions).toHaveLength(4);
    for (const entry of reportFunctions) {
      const variables = (functionByEntry(templates().stateless, entry).properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.BUCKET_NAME, entry).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^GoalBreakdownStateful:ExportsOutputRefBucket/) });
    }
  });
});
