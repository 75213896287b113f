import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '../domain/errors.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { updateOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { tableName } from './table.js';

/** A run to start under its lock (a plan's breakdown, a year's assessment). */
export interface RunStart {
  /** The lock item, with `expiresAt` (epoch seconds): a lock past it belongs to a run its state machine has timed out. */
  lock: Item;
  /** The run's record, put only if absent. */
  record: Item;
  nowSeconds: number;
  /** Another run holds the lock: its string attributes as stored. */
  held: (holder: Record<string, string | undefined>) => Error;
  /** The run was started before (its record exists). */
  started: () => Error;
  /** What collided, for a transient failure's message (`breakdown start`). */
  what: string;
}

/** Takes the lock and records the run as RUNNING, in one transaction: one run at a time under one lock. */
export async function startLockedRun(start: RunStart): Promise<void> {
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: start.lock,
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
              ExpressionAttributeValues: { ':now': start.nowSeconds },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Put: { TableName: tableName(), Item: start.record, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') throw start.held(lockHolderOf(error));
    if (codes?.[1] === 'ConditionalCheckFailed') throw start.started();
    if (codes?.includes('TransactionConflict')) throw new RetryableError(`${start.what} collided with another write`, { cause: error });
    throw error;
  }
}

/** The lock as it stood, from the cancelled transaction (its item comes back in the wire format). */
function lockHolderOf(error: unknown): Record<string, string | undefined> {
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, { S?: string }> }[] }).CancellationReasons;
  return Object.fromEntries(Object.entries(reasons?.[0]?.Item ?? {}).map(([name, value]) => [name, value.S]));
}

/** How a locked run ended (a breakdown, an assessment): its record, and the lock it may still hold. */
export interface RunEnd {
  record: { key: Item; fields: Item };
  lock: { key: Item; holderAttribute: string; holder: string };
  /** The record does not exist. */
  missing: () => Error;
}

/**
 * Records how the run ended and deletes its lock if it is still this run's, in one transaction. A lock that is
 * no longer ours (expired and taken over, or released by an earlier attempt of this step) is left alone and
 * the record written by itself.
 */
export async function endLockedRun(end: RunEnd): Promise<void> {
  const recordUpdate = {
    TableName: tableName(),
    Key: end.record.key,
    ...updateOf(end.record.fields),
    ConditionExpression: 'attribute_exists(pk)',
  };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: recordUpdate },
          {
            Delete: {
              TableName: tableName(),
              Key: end.lock.key,
              ConditionExpression: '#holder = :holder',
              ExpressionAttributeNames: { '#holder': end.lock.holderAttribute },
              ExpressionAttributeValues: { ':holder': end.lock.holder },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] === 'ConditionalCheckFailed') throw end.missing();
    if (codes?.[1] !== 'ConditionalCheckFailed') throw error;
    await dynamo().send(new UpdateCommand(recordUpdate));
  }
}
