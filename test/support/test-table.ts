import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { createTable, tableDefinition } from '../../infra/local/table.js';
import { templates } from './templates.js';

/**
 * A fresh table, created from the synthesized definition, for one test file. Sets `TABLE_NAME`, so
 * call it at the top of the file before importing any handler (handlers read config at load).
 */
export async function useTestTable(): Promise<string> {
  const tableName = `test-${randomUUID()}`;
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  await createTable(client, tableDefinition(templates().stateful), tableName);
  client.destroy();
  process.env.TABLE_NAME = tableName;
  return tableName;
}
