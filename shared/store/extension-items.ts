import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { checkedStartKey } from './cursor-check.js';
import { keys } from './keys.js';
import { indexes, tableName } from './table.js';

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

/** 延期申请: a unit asks to move a task's deadline; the bureau decides. */
export interface Extension {
  extensionId: string;
  taskId: string;
  planId: string;
  unitId: string;
  status: ExtensionStatus;
  /** The deadline when asked, and the one asked for. */
  from: string;
  to: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

const itemOnly = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'n']);

export function extensionItem(extension: Extension, n: number): Item {
  return {
    ...keys.extension(extension.taskId, n),
    ...keys.pendingExtension(extension.requestedAt, extension.extensionId),
    entity: 'extension',
    n,
    ...extension,
  };
}

export function fromExtensionItem(item: Item): Extension {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnly.has(name))) as unknown as Extension;
}

export async function getExtension(taskId: string, n: number): Promise<Extension | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.extension(taskId, n), ConsistentRead: true }));
  return Item ? fromExtensionItem(Item) : undefined;
}

/** Pending requests, oldest first (gsi1, sparse: a decided request leaves it). */
export async function listPendingExtensions(page: { limit: number; startKey?: Record<string, string> }) {
  const partition = keys.pendingExtensionsPartition();
  const startKey = checkedStartKey(page.startKey, {
    gsi1pk: { equals: partition },
    gsi1sk: { startsWith: '' },
    pk: { startsWith: 'TASK#' },
    sk: { startsWith: 'EXTENSION#' },
  });
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: indexes.byPlan,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (result.Items ?? []).map(fromExtensionItem),
    lastKey: result.LastEvaluatedKey as Record<string, string> | undefined,
  };
}
