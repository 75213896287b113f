import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '../domain/errors.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';
import { tableName } from './table.js';

/*
 * Helpers of the year's partition `ASSESSMENT#<year>`: numbered items (adjustments, appeals) and the
 * Query of one kind of its items.
 */

/** Tries when another writer took the number we read (admins recording at the same moment). */
const NUMBERING_ATTEMPTS = 8;

/** A conditional write in the numbered item's transaction: its condition failing refuses the item. */
export interface Guard {
  write: NonNullable<TransactWriteCommandInput['TransactItems']>[number];
  refusal: () => Error;
}

/**
 * Puts an item numbered after the year's counter (`adj-<n>`, `ap-<n>`): in one transaction the counter
 * moves from the number read to the next, and the item is put under that number, so numbers are dense
 * and never given twice. Two writers reading the same number: one transaction wins, the other reads again.
 * `guards` go in the same transaction, so what they check holds for concurrent writers too.
 */
export async function putNumbered<T>(
  year: number,
  of: 'adjustment' | 'appeal',
  itemOf: (n: number) => { item: Item; value: T },
  guards: readonly Guard[] = [],
): Promise<T> {
  const counterKey = keys.assessmentCounter(year, of);
  for (let attempt = 1; ; attempt++) {
    const { Item: counter } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: counterKey, ConsistentRead: true }));
    const last = (counter?.n as number | undefined) ?? 0;
    const { item, value } = itemOf(last + 1);
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: counterKey,
                UpdateExpression: 'SET n = :next',
                ConditionExpression: last === 0 ? 'attribute_not_exists(n)' : 'n = :last',
                ExpressionAttributeValues: { ':next': last + 1, ...(last === 0 ? {} : { ':last': last }) },
              },
            },
            { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...guards.map((guard) => guard.write),
          ],
        }),
      );
      return value;
    } catch (error) {
      const codes = cancellationCodes(error);
      const refused = guards.find((_, index) => codes?.[2 + index] === 'ConditionalCheckFailed');
      if (refused) throw refused.refusal();
      const taken = codes?.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
      if (!taken) throw error;
      if (attempt >= NUMBERING_ATTEMPTS) throw new RetryableError(`the ${of} counter of ${year} kept moving`, { cause: error });
      await new Promise((done) => setTimeout(done, 10 * attempt * Math.random()));
    }
  }
}

/** Orders `adj-2` before `adj-10`. */
export function byNumber(a: string, b: string): number {
  return numberOf(a) - numberOf(b);
}

const numberOf = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));

/** One kind of the year's items: a consistent Query of its sort-key prefix. */
export function queryPrefix(year: number, prefix: string): Promise<Item[]> {
  return queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.assessmentPartition(year), ':prefix': prefix },
    ConsistentRead: true,
  });
}
