import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ledgerEntryOf, ledgerOfEvents, type LedgedEvent } from '../domain/assessment/ledger.js';
import type { LedgerEntry } from '../domain/assessment/types.js';
import type { TaskEvent } from '../domain/task-event.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { tableName } from './table.js';
import { fromTaskEventItem } from './task-items.js';

/*
 * The task ledger (docs/architecture.md "Year-end assessment", Items): the task item keeps its
 * score-relevant events in the item-only attribute `ledger`, appended in the transaction that writes each
 * event, so the assessment reads a unit's tasks and their events with one Query of the tasks alone.
 * Tasks created before the ledger (no `ledgerComplete`) are read through their events instead.
 */

/** The `append` of the task's update for this event (updateOf): its ledger entry, or nothing for an event the assessment ignores. */
export function ledgerAppendOf(event: LedgedEvent): Record<string, LedgerEntry[]> {
  const entry = ledgerEntryOf(event);
  return entry ? { ledger: [entry] } : {};
}

/** The task item's ledger when it holds every score-relevant event of the task; undefined for a task older than the ledger. */
export function completeLedgerOf(item: Item): LedgerEntry[] | undefined {
  return item.ledgerComplete === true ? ((item.ledger as LedgerEntry[] | undefined) ?? []) : undefined;
}

/** What reading a task's ledger from its events cost: the Query's pages and the event items. */
export interface EventsLedger {
  ledger: LedgerEntry[];
  queries: number;
  itemsRead: number;
}

/** A task's ledger from its events (one consistent Query of its partition, over its pages): for tasks older than the ledger. */
export async function ledgerFromEvents(taskId: string): Promise<EventsLedger> {
  const items: Item[] = [];
  let queries = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':event': 'EVENT#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    queries += 1;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { ledger: ledgerOfEvents(items.map(fromTaskEventItem)), queries, itemsRead: items.length };
}
