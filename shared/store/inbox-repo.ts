import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { checkedStartKey } from './cursor-check.js';
import { keys } from './keys.js';
import { fromNotificationItem, notificationItem, type Notification } from './notification-items.js';
import { mapWithConcurrency } from './pool.js';
import { tableName } from './table.js';

/**
 * Puts a notification in its inbox once: a retried step puts the same item again (same place, same id), and the
 * one already there is kept as it is (its unit may have read it since).
 */
export async function putNotificationOnce(notification: Notification, at: string): Promise<void> {
  try {
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: notificationItem(notification, at), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export interface InboxPage {
  items: (Notification & { id: string })[];
  lastKey: Record<string, string> | undefined;
}

/** Newest first. With `unread`, read ones are filtered out after the read, so a page may hold fewer than `limit`. */
export async function listNotifications(inbox: string, options: { unread?: boolean; limit: number; startKey?: Record<string, string> }): Promise<InboxPage> {
  const partition = keys.inboxPartition(inbox);
  const startKey = checkedStartKey(options.startKey, { pk: { equals: partition }, sk: { startsWith: 'NOTE#' } });
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
      ExpressionAttributeValues: { ':pk': partition, ':note': 'NOTE#', ...(options.unread ? { ':false': false } : {}) },
      ...(options.unread ? { FilterExpression: '#read = :false', ExpressionAttributeNames: { '#read': 'read' } } : {}),
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (page.Items ?? []).map(fromNotificationItem),
    lastKey: page.LastEvaluatedKey as Record<string, string> | undefined,
  };
}

/** Updates in flight at once when marking many notifications read. */
const CONCURRENCY = 8;

/**
 * Marks notifications of this inbox read; ids of other inboxes or that do not exist are skipped (an id
 * names a place in the caller's own inbox only). Answers how many were unread and are read now.
 */
export async function markRead(inbox: string, refs: readonly string[], clock: Clock): Promise<number> {
  const readAt = clock.now().toISOString();
  const marked = await mapWithConcurrency([...new Set(refs)], CONCURRENCY, async (ref) => {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: keys.inboxPartition(inbox), sk: `NOTE#${ref}` },
          UpdateExpression: 'SET #read = :true, readAt = :readAt',
          ConditionExpression: 'attribute_exists(pk) AND #read = :false',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':true': true, ':false': false, ':readAt': readAt },
        }),
      );
      return 1;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 0;
      throw error;
    }
  });
  return marked.reduce<number>((sum, n) => sum + n, 0);
}

/** Every unread notification of the inbox, marked read page by page. */
export async function markAllRead(inbox: string, clock: Clock): Promise<number> {
  let total = 0;
  let startKey: Record<string, string> | undefined;
  do {
    const page = await listNotifications(inbox, { unread: true, limit: 100, startKey });
    total += await markRead(inbox, page.items.map((item) => item.id), clock);
    startKey = page.lastKey;
  } while (startKey);
  return total;
}

