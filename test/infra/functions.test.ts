import { existsSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HSTS_VARIABLE, strictTransportSecurity } from '../../shared/http/security-headers.js';
import { templates } from '../support/templates.js';
import { architectureDoc, functionByEntry, functionsOf, onlyResourceOfType, resourcesOfType } from './template-support.js';

const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url);

/** The property that would give a resource of the type a fixed physical name (blocking replacements and second copies). */
const PHYSICAL_NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
};

describe('the functions', () => {
  const functions = () => functionsOf(templates().stateless);

  it('are exactly those of docs/architecture.md, each with an app:entry that exists', () => {
    const entries = functions().map((f) => f.entry);

    expect(entries.sort()).toEqual(architectureDoc().functions.map((f) => f.entry).sort());
    for (const entry of entries) expect(existsSync(repoFile(entry)), entry).toBe(true);
  });

  it("are every Lambda function of the stacks but CDK's BucketDeployment handler (the web's files, at deploy time)", () => {
    for (const template of [templates().stateful, templates().stateless]) {
      const withoutEntry = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, r]) => r.Metadata?.['app:entry'] === undefined);
      expect(withoutEntry.map(([id]) => id)).toEqual(template === templates().stateless ? [expect.stringMatching(/^CustomCDKBucketDeployment/)] : []);
    }
  });

  it('have the environment variables of docs/architecture.md (plus NODE_OPTIONS for source maps and the HSTS value)', () => {
    for (const { entry, env } of architectureDoc().functions) {
      const fn = functions().find((f) => f.entry === entry)!;
      const variables = (fn.properties.Environment as { Variables: Record<string, unknown> }).Variables;

      expect(Object.keys(variables).sort(), entry).toEqual([...env, 'NODE_OPTIONS', HSTS_VARIABLE].sort());
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('answer with Strict-Transport-Security once deployed: two years, subdomains included, a value the handlers accept', () => {
    for (const fn of functions()) {
      // Act
      const value = (fn.properties.Environment as { Variables: Record<string, string> }).Variables[HSTS_VARIABLE];

      // Assess
      expect(value, fn.entry).toBe('max-age=63072000; includeSubDomains');
      expect(strictTransportSecurity(value), fn.entry).toEqual({ 'strict-transport-security': value });
    }
  });

  it('run Node 22 on arm64 with X-Ray tracing and log to their own group with a retention', () => {
    const template = templates().stateless;
    for (const fn of functions()) {
      const props = fn.properties;
      expect(props.Runtime, fn.entry).toBe('nodejs22.x');
      expect(props.Architectures, fn.entry).toEqual(['arm64']);
      expect(props.TracingConfig, fn.entry).toEqual({ Mode: 'Active' });

      const logGroupId = ((props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup).Ref;
      const logGroup = template.Resources[logGroupId];
      expect(logGroup?.Type, fn.entry).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.Properties?.RetentionInDays, fn.entry).toBeGreaterThan(0);
    }
  });

  it("use no AWS managed policies: a role holds what was granted to it, the tasks function also the stateful stack's evidence policy", () => {
    const tasksRole = functionByEntry(templates().stateless, 'functions/tasks/handler.ts').properties.Role as { 'Fn::GetAtt': [string, string] };
    for (const [id, role] of resourcesOfType(templates().stateless, 'AWS::IAM::Role')) {
      const managed = role.Properties?.ManagedPolicyArns as { 'Fn::ImportValue': string }[] | undefined;
      if (id !== tasksRole['Fn::GetAtt'][0]) {
        expect(managed, id).toBeUndefined();
        continue;
      }
      expect(managed).toHaveLength(1);
      expect(managed![0]!['Fn::ImportValue']).toMatch(/^GoalBreakdownStateful:ExportsOutputRefEvidenceAccess/);
    }
  });

  it('the evidence policy allows put and get under evidence/ of the bucket, nothing else', () => {
    const [, policy] = onlyResourceOfType(templates().stateful, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties?.PolicyDocument).toMatchObject({
      Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Bucket/), 'Arn'] }, '/evidence/*']] } }],
    });
  });

  it('the outbox relay is fed INSERTs of INBOX# items from the stream, in small batches, failures to a queue', () => {
    Template.fromJSON(templates().stateless).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'INBOX#' }] } } } }) }],
      },
    });
  });

  it('the notification topic enforces TLS and is encrypted', () => {
    const template = Template.fromJSON(templates().stateless);
    const [topic] = resourcesOfType(templates().stateless, 'AWS::SNS::Topic');

    expect(topic?.[1].Properties?.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('both stacks', () => {
  it('give no resource a physical name', () => {
    for (const template of [templates().stateful, templates().stateless]) {
      for (const [id, resource] of Object.entries(template.Resources)) {
        const nameProperty = PHYSICAL_NAME_PROPERTY[resource.Type];
        if (nameProperty) expect(resource.Properties?.[nameProperty], id).toBeUndefined();
      }
    }
  });

  it('export the outputs the CLI and the operators use', () => {
    expect(Object.keys(templates().stateless.Outputs ?? {}).sort()).toEqual(
      ['ApiUrl', 'AssessmentStateMachineArn', 'AuditBucketName', 'BreakdownStateMachineArn', 'BucketName', 'ChaseStateMachineArn', 'TableName', 'TopicArn', 'WebUrl'].sort(),
    );
  });
});
