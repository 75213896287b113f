import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainedEvent } from '../domain/audit-chain.js';
import { dynamo } from './client.js';
import { checkedStartKey } from './cursor-check.js';
import { keys } from './keys.js';
import { tableName } from './table.js';
import { fromTaskEventItem } from './task-items.js';

/** A page of a task's history, oldest first: one Query on the task's partition. */
export async function listTaskEvents(taskId: string, page: { limit: number; startKey?: Record<string, string> }): Promise<{ items: ChainedEvent[]; lastKey: Record<string, string> | undefined }> {
  const partition = keys.taskPartition(taskId);
  const startKey = checkedStartKey(page.startKey, { pk: { equals: partition }, sk: { startsWith: 'EVENT#' } });
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': partition, ':event': 'EVENT#' },
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (result.Items ?? []).map(fromTaskEventItem), lastKey: result.LastEvaluatedKey as Record<string, string> | undefined };
}
