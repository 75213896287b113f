import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/test-table.js';

const tableName = await useTestTable();
const { batchGetAll, batchWriteAll } = await import('../../../shared/store/batch.js');
const { dynamo } = await import('../../../shared/store/client.js');

describe('batch writes and reads against DynamoDB Local', () => {
  it('writes, reads back and deletes a few hundred items', async () => {
    // Prepare
    const items = Array.from({ length: 430 }, (_, n) => ({ pk: 'BATCH', sk: `ITEM#${String(n).padStart(4, '0')}`, n, name: `item ${n}` }));

    // Act
    await batchWriteAll(items.map((Item) => ({ PutRequest: { Item } })));
    const read = await batchGetAll(
      items.map(({ pk, sk }) => ({ pk, sk })),
      { consistentRead: true, projection: ['sk', 'name'] },
    );
    await batchWriteAll(items.slice(0, 400).map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })));
    const left = await dynamo().send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'BATCH' }, ConsistentRead: true }),
    );

    // Assess
    expect(read).toHaveLength(430);
    expect(read.find((item) => item.sk === 'ITEM#0007')).toEqual({ sk: 'ITEM#0007', name: 'item 7' });
    expect(left.Items?.map((item) => item.n)).toEqual(Array.from({ length: 30 }, (_, n) => 400 + n));
  });
});
