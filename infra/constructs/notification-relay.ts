import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function.js';
import { subscribeUnits, unitSubscriptionsOf } from './unit-subscriptions.js';

export interface NotificationRelayProps {
  table: ITableV2;
}

/**
 * The outbox relay: notifications are written to the table (pk `INBOX#…`) in the same transaction as
 * the change that caused them; the table's stream feeds new ones to a function that publishes them
 * on the topic. Records that keep failing land in a queue instead of blocking the stream.
 * Subscribers each hear one inbox (the context `notificationSubscriptions`, unit-subscriptions.ts);
 * messages SNS cannot deliver to them go to a second dead-letter queue.
 */
export class NotificationRelay extends Construct {
  readonly topic: sns.Topic;
  readonly failures: sqs.Queue;
  readonly deliveryFailures: sqs.Queue;

  constructor(scope: Construct, id: string, props: NotificationRelayProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      enforceSSL: true,
      // The AWS managed key: encrypted at rest with no key to run; publishers in the account may use it.
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    this.failures = new sqs.Queue(this, 'Failures', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'this queue is itself the dead-letter destination of the outbox stream mapping',
    });

    this.deliveryFailures = new sqs.Queue(this, 'DeliveryFailures', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deliveryFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "this queue is itself the dead-letter queue of the topic's subscriptions",
    });
    subscribeUnits(this.topic, unitSubscriptionsOf(this), this.deliveryFailures);

    const relay = new AppFunction(this, 'RelayFunction', {
      entry: 'functions/outbox-relay/handler.ts',
      environment: { TOPIC_ARN: this.topic.topicArn },
      timeout: Duration.seconds(30),
    });
    this.topic.grantPublish(relay.function);
    relay.function.addEventSource(
      new DynamoEventSource(props.table, {
        // From the oldest record kept: notifications written before the first deployment still go out.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failures),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith('INBOX#') } } },
          }),
        ],
      }),
    );
  }
}
