import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AUDIT_RETENTION_DAYS } from '../../infra/stacks/stateful-stack.js';
import { templates } from '../support/templates.js';
import { definitionOf, fakeFunctionArn, functionByEntry, functionsOf, resourcesOfType } from './template-support.js';

const WRITER = 'workflows/chase/tasks/write-checkpoint.ts';

/** The stateful template's bucket with Object Lock, as `[logicalId, resource]`. */
function auditBucket() {
  const locked = resourcesOfType(templates().stateful, 'AWS::S3::Bucket').filter(([, bucket]) => bucket.Properties?.ObjectLockEnabled === true);
  if (locked.length !== 1) throw new Error(`expected one bucket with Object Lock, found ${locked.length}`);
  return locked[0]!;
}

function statementsOfRole(entry: string): { Action: string | string[]; Resource: unknown }[] {
  const role = (functionByEntry(templates().stateless, entry).properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOfType(templates().stateless, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

describe('the audit bucket', () => {
  it('locks every object in compliance mode for the retention of docs/decisions/0012, versioned, private, TLS only, retained', () => {
    // Prepare
    const [id, bucket] = auditBucket();

    // Assess
    expect(AUDIT_RETENTION_DAYS).toBe(800);
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: AUDIT_RETENTION_DAYS } } },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(templates().stateful.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('refuses, to anyone, a put without If-None-Match (no second version of a key) and any delete (no marker hiding one)', () => {
    // Prepare
    const [id] = auditBucket();

    // Assess
    Template.fromJSON(templates().stateful).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'WriteOnce',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:PutObject',
            Condition: { Null: { 's3:if-none-match': 'true' } },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] },
          }),
          Match.objectLike({
            Sid: 'NoDelete',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] },
          }),
        ]),
      },
    });
  });

  it('is named to the operators by an output, for `audit verify --bucket` and `audit checkpoint --bucket`', () => {
    // Assess
    expect(templates().stateless.Outputs?.AuditBucketName?.Value).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^GoalBreakdownStateful:ExportsOutputRefAuditBucket/) });
  });
});

describe('the checkpoint writer', () => {
  it('may put under audit/checkpoints/ of the audit bucket and read the table, nothing else; no other function touches the audit bucket', () => {
    // Prepare
    const statements = statementsOfRole(WRITER);
    const actions = statements.flatMap((s) => [s.Action].flat());
    const auditArn = { 'Fn::ImportValue': 'GoalBreakdownStateful-AuditBucketArn' };

    // Assess
    expect(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [auditArn, '/audit/checkpoints/*']] } },
    ]);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'].sort(),
    );
    const variables = (functionByEntry(templates().stateless, WRITER).properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.AUDIT_BUCKET).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^GoalBreakdownStateful:ExportsOutputRefAuditBucket/) });
    for (const { entry } of functionsOf(templates().stateless).filter((fn) => fn.entry !== WRITER)) {
      expect(JSON.stringify(statementsOfRole(entry)), entry).not.toContain('AuditBucket');
    }
  });

  it('runs in the chase after SendDigests, before Summarize, retried and caught as SendDigests, its answer kept apart from the result', () => {
    // Prepare
    const [machineId] = resourcesOfType(templates().stateless, 'AWS::StepFunctions::StateMachine').find(([id]) => id.startsWith('Chase'))!;
    const states = definitionOf(templates().stateless, machineId).States;

    // Assess
    expect(states.SendDigests!.Next).toBe('WriteCheckpoint');
    expect(states.WriteCheckpoint).toMatchObject({
      Type: 'Task',
      Resource: fakeFunctionArn(functionByEntry(templates().stateless, WRITER).logicalId),
      ResultPath: '$.checkpoint',
      Next: 'Summarize',
    });
    expect(states.WriteCheckpoint!.Retry).toEqual(states.SendDigests!.Retry);
    expect(states.WriteCheckpoint!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }]);
  });
});
