import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BulletinRecord } from '../bulletin/bulletin-record.js';
import { dynamo } from './client.js';
import { retryableOnTransient } from './faults.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/** The bulletin item of a month, read consistently; undefined before it is published. */
export function getBulletinRecord(month: string): Promise<BulletinRecord | undefined> {
  return retryableOnTransient(async () => {
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.bulletin(month), ConsistentRead: true }));
    return Item ? recordOf(Item) : undefined;
  });
}

/** Writes the month's bulletin item unless one exists (a month is published once): whether this call wrote it. */
export function putBulletinRecordOnce(record: BulletinRecord): Promise<boolean> {
  return retryableOnTransient(async () => {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.bulletin(record.month), entity: 'bulletin', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return false;
    }
  });
}

function recordOf(item: Record<string, unknown>): BulletinRecord {
  const { month, covers, publishedOn, publishedAt, objects, totals, particulars } = item as unknown as BulletinRecord;
  return { month, covers, publishedOn, publishedAt, objects, totals, ...(particulars ? { particulars } : {}) };
}
