import { describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import { functionsOf, mergedEnvironment } from '../../infra/local/functions.js';
import { createResolver, resolveTemplates } from '../../infra/local/intrinsics.js';
import { stateMachinesOf, taskBindings } from '../../infra/local/state-machines.js';
import type { CfnTemplate } from '../../infra/local/template.js';
import { templates } from '../support/templates.js';

const stackNames = { stateful: 'Stateful', stateless: 'Stateless' };

describe('intrinsics on the synthesized templates', () => {
  it('resolves every function environment to the local table name and the local state machine ARN', () => {
    // Prepare
    const resolvers = resolveTemplates(templates(), { tableName: 'local-table', stackNames });

    // Act
    const functions = functionsOf(templates().stateless, resolvers.stateless);
    const environment = mergedEnvironment(functions);

    // Assess
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.arn).toBe(fakeArn.function(fn.logicalId));
      if ('TABLE_NAME' in fn.environment) expect(fn.environment.TABLE_NAME).toBe('local-table');
    }
    const machines = stateMachinesOf(templates().stateless, resolvers.stateless);
    if ('BREAKDOWN_STATE_MACHINE_ARN' in environment) {
      expect(machines.map((m) => m.arn)).toContain(environment.BREAKDOWN_STATE_MACHINE_ARN);
    }
    expect(JSON.stringify(environment)).not.toMatch(/Fn::|"Ref"/);
  });

  it('turns each DefinitionString into ASL whose Task resources are the registry functions', () => {
    // Prepare
    const resolvers = resolveTemplates(templates(), { tableName: 'local-table', stackNames });
    const arns = functionsOf(templates().stateless, resolvers.stateless).map((fn) => fn.arn);

    // Act
    const machines = stateMachinesOf(templates().stateless, resolvers.stateless);

    // Assess
    for (const machine of machines) {
      expect(machine.arn).toBe(fakeArn.stateMachine(machine.logicalId));
      for (const binding of taskBindings(machine.definition)) {
        expect(arns).toContain(binding.form === 'function' ? binding.target : fakeArn.function(binding.target));
      }
    }
  });
});

describe('intrinsics, one by one', () => {
  const template: CfnTemplate = {
    Parameters: { Stage: { Type: 'String', Default: 'dev' } },
    Conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] } },
    Mappings: { Sizes: { dev: { memory: 128 } } },
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      NamedFn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'named' } },
      Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    },
  };
  const resolve = createResolver(template, { stackName: 'Test', tableName: 'local-table' });

  it.each([
    [{ Ref: 'Fn' }, 'Fn'],
    [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, 'arn:aws:lambda:us-east-1:000000000000:function:Fn'],
    [{ 'Fn::GetAtt': 'NamedFn.Arn' }, 'arn:aws:lambda:us-east-1:000000000000:function:named'],
    [{ Ref: 'Machine' }, 'arn:aws:states:us-east-1:000000000000:stateMachine:Machine'],
    [{ 'Fn::GetAtt': ['Machine', 'Name'] }, 'Machine'],
    [{ Ref: 'Topic' }, 'arn:aws:sns:us-east-1:000000000000:Topic'],
    [{ Ref: 'Bucket' }, 'bucket'],
    [{ Ref: 'Table' }, 'local-table'],
    [{ 'Fn::GetAtt': ['Table', 'Arn'] }, 'arn:aws:dynamodb:us-east-1:000000000000:table/local-table'],
    [{ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] }, 'a-us-east-1-000000000000'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/${!literal}' }, 'arn:aws:s3:::bucket/${literal}'],
    [{ 'Fn::Sub': '${Fn.Arn}' }, 'arn:aws:lambda:us-east-1:000000000000:function:Fn'],
    [{ 'Fn::Sub': ['${Name}-${Stage}', { Name: { Ref: 'Topic' } }] }, 'arn:aws:sns:us-east-1:000000000000:Topic-dev'],
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
    [{ 'Fn::If': ['IsDev', 'yes', 'no'] }, 'yes'],
    [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'memory'] }, 128],
    [{ list: ['a', { Ref: 'AWS::NoValue' }], gone: { Ref: 'AWS::NoValue' } }, { list: ['a'] }],
    [{ Statement: [{ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }, { Statement: [{ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }],
  ])('%j → %j', (value, expected) => {
    // Act
    const resolved = resolve(value);

    // Assess
    expect(resolved).toEqual(expected);
  });

  it('finds Fn::ImportValue in the other stack', () => {
    // Prepare
    const both = resolveTemplates(
      {
        stateful: {
          Resources: { Table: { Type: 'AWS::DynamoDB::GlobalTable' } },
          Outputs: { TableName: { Value: { Ref: 'Table' }, Export: { Name: 'Stateful:TableName' } } },
        },
        stateless: { Resources: {} },
      },
      { tableName: 'local-table', stackNames },
    );

    // Act
    const resolved = both.stateless({ 'Fn::ImportValue': 'Stateful:TableName' });

    // Assess
    expect(resolved).toBe('local-table');
  });

  it('refuses what it cannot resolve, naming it', () => {
    // Act / Assess
    expect(() => resolve({ Ref: 'Missing' })).toThrow(/Missing/);
    expect(() => resolve({ 'Fn::GetAtt': ['Topic', 'Nonsense'] })).toThrow(/AWS::SNS::Topic\.Nonsense/);
    expect(() => resolve({ 'Fn::Transform': {} })).toThrow(/Fn::Transform/);
  });
});
