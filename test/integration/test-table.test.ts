import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { useTestTable } from '../support/test-table.js';

describe('the test table', () => {
  it('is created in DynamoDB Local with the synthesized keys and indexes', async () => {
    // Prepare
    const tableName = await useTestTable();
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

    // Act
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));

    // Assess
    expect(Table?.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3']);
    expect(Table?.StreamSpecification?.StreamViewType).toBe('NEW_IMAGE');
  });
});
