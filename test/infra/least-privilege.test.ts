import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../../infra/local/template.js';
import { templates } from '../support/templates.js';
import { functionByEntry, functionsOf, resourcesOfType } from './template-support.js';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The statements of the inline policies attached to the role of the function with this entry. */
function statementsOf(template: CfnTemplate, entry: string): Statement[] {
  const role = (functionByEntry(template, entry).properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const dynamoWrites = (actions: string[]) =>
  actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));

const READERS = [
  'workflows/breakdown/tasks/validate-plan.ts',
  'functions/bulletins/handler.ts',
  'workflows/chase/tasks/write-checkpoint.ts',
];
const WRITERS = [
  'functions/tasks/handler.ts',
  'functions/inbox/handler.ts',
  'functions/plans/handler.ts',
  'functions/breakdowns/handler.ts',
  'functions/chases/handler.ts',
  'functions/tokens/handler.ts',
  'workflows/breakdown/tasks/write-goal-tasks.ts',
  'workflows/breakdown/tasks/finish-breakdown.ts',
  'workflows/breakdown/tasks/notify-units.ts',
];

describe('least privilege', () => {
  it('functions that only read get no write action on the table', () => {
    for (const entry of READERS) {
      const actions = actionsOf(statementsOf(templates().stateless, entry));
      expect(actions, entry).toContain('dynamodb:Query');
      expect(dynamoWrites(actions), entry).toEqual([]);
    }
  });

  it("the bulletin's publisher writes nothing but the bulletin's item and the document numbers", () => {
    // Act
    const statements = statementsOf(templates().stateless, 'workflows/chase/tasks/publish-bulletin.ts');

    // Assess
    expect(actionsOf(statements)).toContain('dynamodb:Query');
    const writes = statements.filter((s) => dynamoWrites([s.Action].flat()).length > 0);
    expect(writes).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['BULLETINS', 'DOCNUMBERS#*'] } },
      }),
    ]);
  });

  it("the authorizer writes nothing but a token item's lastUsedAt", () => {
    // Act
    const statements = statementsOf(templates().stateless, 'functions/authorizer/handler.ts');

    // Assess
    expect(actionsOf(statements)).toContain('dynamodb:Query');
    const writes = statements.filter((s) => dynamoWrites([s.Action].flat()).length > 0);
    expect(writes).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TOKEN#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'lastUsedAt'] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    ]);
  });

  it('functions that write may write, and nobody may Scan', () => {
    for (const entry of WRITERS) {
      expect(dynamoWrites(actionsOf(statementsOf(templates().stateless, entry))), entry).not.toEqual([]);
    }
    for (const [id, policy] of resourcesOfType(templates().stateless, 'AWS::IAM::Policy')) {
      expect(JSON.stringify(policy.Properties), id).not.toMatch(/dynamodb:(Scan|\*)/);
    }
  });

  it('grants "*" only for actions that take no resource (X-Ray, log delivery)', () => {
    for (const [id, policy] of resourcesOfType(templates().stateless, 'AWS::IAM::Policy')) {
      const statements = (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
      for (const action of actionsOf(statements.filter((s) => s.Resource === '*'))) {
        expect(action, id).toMatch(/^(xray:|logs:(\w+LogDeliver(y|ies)|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$)/);
      }
    }
  });

  it('only the breakdowns and chases functions may start and describe executions, each of its own state machine', () => {
    const template = templates().stateless;
    const stateStatements = (entry: string) => statementsOf(template, entry).filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
    const stateActions = (entry: string) => actionsOf(stateStatements(entry)).filter((a) => a.startsWith('states:'));
    const machineId = (startAt: string) =>
      resourcesOfType(template, 'AWS::StepFunctions::StateMachine').find(([, m]) => JSON.stringify(m.Properties?.DefinitionString).includes(`\\"StartAt\\":\\"${startAt}\\"`))![0];
    const starters = { 'functions/breakdowns/handler.ts': machineId('ValidatePlan'), 'functions/chases/handler.ts': machineId('PlanChase') };

    for (const [entry, own] of Object.entries(starters)) {
      expect(stateActions(entry).sort(), entry).toEqual(['states:DescribeExecution', 'states:StartExecution']);
      const other = Object.values(starters).find((id) => id !== own)!;
      const resources = JSON.stringify(stateStatements(entry).map((s) => s.Resource));
      expect(resources, entry).toContain(own);
      expect(resources, entry).not.toContain(other);
    }
    for (const entry of [...READERS, ...WRITERS].filter((e) => !(e in starters))) {
      expect(stateActions(entry), entry).toEqual([]);
    }
  });

  it('the outbox relay publishes to the topic and does not touch the table items', () => {
    const actions = actionsOf(statementsOf(templates().stateless, 'functions/outbox-relay/handler.ts'));

    expect(actions).toContain('sns:Publish');
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].sort(),
    );
  });

  it('the bulletin functions touch only reports/* of the bucket: the chase puts, the API gets, nobody else does either', () => {
    // Prepare
    const template = templates().stateless;
    const bucketArn = { 'Fn::ImportValue': 'GoalBreakdownStateful-BucketArn' };
    const s3Statements = (entry: string) => statementsOf(template, entry).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    const bulletinFunctions = {
      'workflows/chase/tasks/publish-bulletin.ts': 's3:PutObject',
      'functions/bulletins/handler.ts': 's3:GetObject',
      'workflows/assessment/tasks/publish.ts': 's3:PutObject',
      'functions/assessments/handler.ts': 's3:GetObject',
    };

    // Assess
    for (const [entry, action] of Object.entries(bulletinFunctions)) {
      expect(s3Statements(entry), entry).toEqual([{ Action: action, Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/reports/*']] } }]);
      const variables = (functionByEntry(template, entry).properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.BUCKET_NAME, entry).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^GoalBreakdownStateful:ExportsOutputRefBucket/) });
    }
    // The checkpoint writer's one put is on the audit bucket (test/infra/audit-checkpoints.test.ts).
    const others = functionsOf(template).filter((fn) => !(fn.entry in bulletinFunctions) && fn.entry !== 'workflows/chase/tasks/write-checkpoint.ts');
    for (const { entry } of others) expect(s3Statements(entry), entry).toEqual([]);
  });
});
