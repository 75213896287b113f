import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { onlyResourceOfType, resourcesOfType } from './template-support.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

describe('the chase schedule', () => {
  const template = () => templates().stateless;
  const schedule = () => onlyResourceOfType(template(), 'AWS::Scheduler::Schedule')[1].Properties as Record<string, any>;
  const chaseMachine = () =>
    resourcesOfType(template(), 'AWS::StepFunctions::StateMachine').find(([id]) => id.startsWith('Chase'))![0];

  it('starts at 09:00 every day in Asia/Shanghai, on time, with input {}', () => {
    const properties = schedule();
    expect(properties.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(properties.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
    expect(properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(properties.Target.Input).toBe('{}');
    expect(properties.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('targets the chase state machine', () => {
    expect(schedule().Target.Arn).toEqual({ Ref: chaseMachine() });
  });

  it("gives its role only StartExecution on the chase machine, and SendMessage on its dead-letter queue", () => {
    const roleId = (schedule().Target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = template().Resources[roleId]!;
    const trust = (role.Properties?.AssumeRolePolicyDocument as { Statement: { Principal: unknown }[] }).Statement;
    expect(trust.map((s) => s.Principal)).toEqual([{ Service: 'scheduler.amazonaws.com' }]);
    expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    const statements = resourcesOfType(template(), 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const dlqId = (schedule().Target.DeadLetterConfig.Arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: chaseMachine() } },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    ]);
  });

  it('sends failed deliveries to an encrypted, TLS-only queue', () => {
    const dlqId = (schedule().Target.DeadLetterConfig.Arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(dlqId[1]).toBe('Arn');
    const queue = template().Resources[dlqId[0]]!;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    const policy = resourcesOfType(template(), 'AWS::SQS::QueuePolicy').find(([, p]) =>
      (p.Properties?.Queues as { Ref: string }[]).some((q) => q.Ref === dlqId[0]),
    );
    const statements = (policy![1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});
