import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { describeError, log } from '../../shared/http/log.js';

let client: SNSClient | undefined;
const sns = () => (client ??= new SNSClient({}));

/** Item attributes that are storage, not message. */
const storageOnly = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'expiresAt']);

/**
 * Publishes each new notification on the topic, with `unitId` and `kind` as message attributes so that
 * a unit's subscription can filter on them.
 *
 * Stream records are handled in order. On the first failed publish the relay stops and reports that
 * record: Lambda checkpoints everything before it and retries from it, so nothing published is sent
 * again and nothing behind it overtakes it. A record that can never be published (not a notification,
 * no unit) is logged and skipped rather than retried, so it cannot hold up the ones behind it.
 */
export async function relayNotifications(records: DynamoDBRecord[], topicArn: string): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    const notification = notificationOf(record);
    if (!notification) {
      log.error('skipping a stream record that is not a publishable notification', {
        eventID: record.eventID,
        eventName: record.eventName,
        keys: record.dynamodb?.Keys,
      });
      continue;
    }
    try {
      await sns().send(
        new PublishCommand({
          TopicArn: topicArn,
          // JSON has no sets: DynamoDB string and number sets become arrays.
          Message: JSON.stringify(notification.message, (_, value: unknown) => (value instanceof Set ? [...value] : value)),
          MessageAttributes: {
            unitId: { DataType: 'String', StringValue: notification.unitId },
            kind: { DataType: 'String', StringValue: notification.kind },
          },
        }),
      );
    } catch (error) {
      log.error('publishing a notification failed; the stream retries from it', {
        eventID: record.eventID,
        unitId: notification.unitId,
        error: describeError(error),
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

interface Notification {
  unitId: string;
  kind: string;
  message: Record<string, unknown>;
}

function notificationOf(record: DynamoDBRecord): Notification | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  const { unitId, kind } = item;
  if (item.entity !== 'notification' || typeof unitId !== 'string' || !unitId || typeof kind !== 'string' || !kind) return undefined;
  const message = Object.fromEntries(Object.entries(item).filter(([name]) => !storageOnly.has(name)));
  return { unitId, kind, message };
}
