import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RetryableError } from '../../../shared/domain/errors.js';
import { backoffDelay, batchGetAll, batchWriteAll } from '../../../shared/store/batch.js';
import { useDynamo } from '../../../shared/store/client.js';

// DynamoDB Local never throttles nor leaves items unprocessed: those paths are exercised with a mock.
const table = 'unit-test-table';
process.env.TABLE_NAME = table;
const mock = mockClient(DynamoDBDocumentClient);
useDynamo(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })));

const put = (n: number) => ({ PutRequest: { Item: { pk: `ITEM#${n}`, sk: 'ITEM', n } } });
const key = (n: number) => ({ pk: `ITEM#${n}`, sk: 'ITEM' });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('batchWriteAll', () => {
  beforeEach(() => mock.reset());

  it('writes in chunks of 25', async () => {
    // Prepare
    mock.on(BatchWriteCommand).resolves({});

    // Act
    await batchWriteAll(Array.from({ length: 60 }, (_, n) => put(n)), noWait);

    // Assess
    const sizes = mock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[table]?.length);
    expect(sizes.sort()).toEqual([10, 25, 25]);
  });

  it('resends unprocessed items until they are written', async () => {
    // Prepare
    const delays: number[] = [];
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [table]: [put(1), put(2)] } })
      .resolvesOnce({ UnprocessedItems: { [table]: [put(2)] } })
      .resolves({});

    // Act
    await batchWriteAll([put(0), put(1), put(2)], { ...noWait, sleep: async (ms) => void delays.push(ms) });

    // Assess
    const sent = mock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[table]);
    expect(sent).toEqual([[put(0), put(1), put(2)], [put(1), put(2)], [put(2)]]);
    expect(delays).toHaveLength(2);
  });

  it('backs off and retries after throttling', async () => {
    // Prepare
    mock.on(BatchWriteCommand).rejectsOnce(throttled()).resolves({});

    // Act
    await batchWriteAll([put(0)], noWait);

    // Assess
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });

  it('gives up with RetryableError when attempts are exhausted', async () => {
    // Prepare
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [table]: [put(0)] } });

    // Act
    const writing = batchWriteAll([put(0)], { ...noWait, maxAttempts: 3 });

    // Assess
    await expect(writing).rejects.toBeInstanceOf(RetryableError);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('lets errors other than throttling through at once', async () => {
    // Prepare
    mock.on(BatchWriteCommand).rejects(Object.assign(new Error('bad'), { name: 'ValidationException' }));

    // Act
    const writing = batchWriteAll([put(0)], noWait);

    // Assess
    await expect(writing).rejects.toThrow('bad');
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(1);
  });

  it('keeps no more chunks in flight than asked', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    mock.on(BatchWriteCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return {};
    });

    // Act
    await batchWriteAll(Array.from({ length: 250 }, (_, n) => put(n)), { ...noWait, concurrency: 3 });

    // Assess
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(10);
    expect(most).toBe(3);
  });
});

describe('batchGetAll', () => {
  beforeEach(() => mock.reset());

  it('asks again for unprocessed keys and after throttling, collecting every answer', async () => {
    // Prepare
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [table]: [key(0)] }, UnprocessedKeys: { [table]: { Keys: [key(1)] } } })
      .rejectsOnce(throttled())
      .resolves({ Responses: { [table]: [key(1)] } });

    // Act
    const items = await batchGetAll([key(0), key(1), key(1)], { ...noWait, consistentRead: true, projection: ['pk', 'status'] });

    // Assess
    expect(items).toEqual([key(0), key(1)]);
    const first = mock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems?.[table];
    expect(first).toEqual({
      Keys: [key(0), key(1)],
      ConsistentRead: true,
      ProjectionExpression: '#p0, #p1',
      ExpressionAttributeNames: { '#p0': 'pk', '#p1': 'status' },
    });
  });

  it('gives up with RetryableError when keys stay unprocessed', async () => {
    // Prepare
    mock.on(BatchGetCommand).resolves({ UnprocessedKeys: { [table]: { Keys: [key(0)] } } });

    // Act
    const reading = batchGetAll([key(0)], { ...noWait, maxAttempts: 2 });

    // Assess
    await expect(reading).rejects.toBeInstanceOf(RetryableError);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, scaled by full jitter', () => {
    // Prepare
    const options = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 1_000, concurrency: 1, sleep: async () => {} };

    // Act
    const top = [1, 2, 3, 10].map((attempt) => backoffDelay(attempt, { ...options, random: () => 0.999999 }));
    const bottom = backoffDelay(5, { ...options, random: () => 0 });

    // Assess
    expect(top).toEqual([99, 199, 399, 999]);
    expect(bottom).toBe(0);
  });
});
