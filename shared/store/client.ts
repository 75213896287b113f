import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from '../config/env.js';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * One document client per process (per Lambda container; shared by every handler in the local runtime).
 * Created lazily so that a module can be imported before the endpoint is known.
 */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const endpoint = optionalEnv('DYNAMODB_ENDPOINT');
    const client = new DynamoDBClient({
      ...(endpoint ? { endpoint } : {}),
      // Our own backoff handles throttling and UnprocessedItems for batches; the SDK retries the rest.
      maxAttempts: 4,
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
  }
  return documentClient;
}

/** For tests and the benchmark: route every call through a given client (e.g. one with middleware or a mock). */
export function useDynamo(client: DynamoDBDocumentClient): void {
  documentClient = client;
}
