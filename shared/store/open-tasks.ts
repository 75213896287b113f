import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditHead } from '../domain/audit-chain.js';
import type { Task } from '../domain/task.js';
import { dynamo } from './client.js';
import { retryableOnTransient } from './faults.js';
import { keys } from './keys.js';
import { indexes, tableName } from './table.js';
import { auditHeadOf, fromTaskItem } from './task-items.js';

export interface OpenTasksPage {
  /** Each task with the head of its audit chain: an escalation is written on the task as read here. */
  tasks: { task: Task; auditHead: AuditHead | undefined }[];
  /** Present while the shard has more to read. */
  nextKey?: Record<string, unknown>;
}

/**
 * One page of the shard `OPEN#<year>#<shard>` (gsi3): the open tasks whose check date (or deadline) is on or
 * before `date`, in that order. The index projects every attribute, so the page is the tasks themselves.
 */
export async function openTasksDueBy(
  page: { year: number; shard: number; date: string; pageSize: number; startKey?: Record<string, unknown> | undefined },
): Promise<OpenTasksPage> {
  const answer = await retryableOnTransient(() =>
    dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: indexes.openByDue,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :bound',
        ExpressionAttributeValues: { ':pk': keys.openShard(page.year, page.shard), ':bound': keys.openDueBy(page.date) },
        Select: 'ALL_ATTRIBUTES',
        Limit: page.pageSize,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    ),
  );
  return {
    tasks: (answer.Items ?? []).map((item) => ({ task: fromTaskItem(item), auditHead: auditHeadOf(item) })),
    ...(answer.LastEvaluatedKey ? { nextKey: answer.LastEvaluatedKey } : {}),
  };
}
