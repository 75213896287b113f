import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { createTable, tableDefinition } from '../../infra/local/table.js';
import type { Templates } from '../../infra/local/template.js';
import { dynamo, useDynamo } from '../../shared/store/client.js';

/**
 * Runs `work` on a DynamoDB Local of its own, with the stack's table created fresh on it and the store's
 * client pointed there (then back): a scenario's tasks must neither be read by another nor slow the server
 * down, and a server that dropped a large table stays several times slower (seen: 4×). `work` gets the
 * client, to count what it costs.
 */
export async function onOwnDynamoDb<T>(tableName: string, templates: Templates, work: (client: DynamoDBDocumentClient) => Promise<T>): Promise<T> {
  const server = await startDynamoDbLocal();
  const before = { client: dynamo(), endpoint: process.env.DYNAMODB_ENDPOINT };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: server.endpoint, maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  useDynamo(client);
  process.env.DYNAMODB_ENDPOINT = server.endpoint;
  try {
    const tableClient = new DynamoDBClient({ endpoint: server.endpoint });
    await createTable(tableClient, tableDefinition(templates.stateful), tableName);
    tableClient.destroy();
    return await work(client);
  } finally {
    useDynamo(before.client);
    if (before.endpoint === undefined) delete process.env.DYNAMODB_ENDPOINT;
    else process.env.DYNAMODB_ENDPOINT = before.endpoint;
    client.destroy();
    await server.stop();
  }
}
