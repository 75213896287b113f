import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** 09:00 every day; the local runtime supports exactly this daily form (minute hour * * ? *). */
export const CHASE_SCHEDULE = 'cron(0 9 * * ? *)';
export const CHASE_TIME_ZONE = 'Asia/Shanghai';

export interface ChaseScheduleProps {
  stateMachine: sfn.IStateMachine;
}

/**
 * The EventBridge Scheduler schedule that starts the chase every day at 09:00 Shanghai time with input
 * `{}` (the machine takes today in Asia/Shanghai). Deliveries that still fail after the retries go to an
 * encrypted, TLS-only dead-letter queue.
 */
export class ChaseSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly role: iam.Role;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: ChaseScheduleProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'this queue is itself the dead-letter destination of the chase schedule',
    });

    // Only this machine's StartExecution, and the one queue for deliveries that failed.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [props.stateMachine.stateMachineArn] }),
    );
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }));

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Starts the daily chase at 09:00 Asia/Shanghai / 每日 09:00（北京时间）启动催办流程',
      scheduleExpression: CHASE_SCHEDULE,
      scheduleExpressionTimezone: CHASE_TIME_ZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.stateMachine.stateMachineArn,
        roleArn: this.role.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: Duration.hours(2).toSeconds() },
        deadLetterConfig: { arn: this.deadLetters.queueArn },
      },
    });
  }
}
