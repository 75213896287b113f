import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.js';

/**
 * A DynamoDB Local of the file's own, for files that chase for months: after a year of chases the run's
 * shared in-memory server answered every later file several times slower (a chase of the sample: 3 s
 * before, 11 s after), whether or not the tables were dropped. Call in `beforeAll`, before the stack or
 * the table; stop it in `afterAll`.
 */
export async function usePrivateDynamoDb(): Promise<DynamoDbLocal> {
  const server = await startDynamoDbLocal();
  process.env.DYNAMODB_ENDPOINT = server.endpoint;
  return server;
}
