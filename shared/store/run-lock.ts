import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { updateOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { tableName } from './table.js';

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
