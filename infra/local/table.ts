import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { CfnTemplate } from './template.js';

interface GlobalTableProperties {
  KeySchema: CreateTableCommandInput['KeySchema'];
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
  GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown; Projection: unknown }[];
  StreamSpecification?: { StreamViewType: string };
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

/** The one table of the stateful stack, as synthesized. */
export function tableDefinition(template: CfnTemplate): GlobalTableProperties {
  const tables = Object.values(template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
  if (tables.length !== 1) throw new Error(`expected one AWS::DynamoDB::GlobalTable, found ${tables.length}`);
  return tables[0]!.Properties as unknown as GlobalTableProperties;
}

/** Creates the synthesized table (keys, indexes, stream, TTL) under `tableName`; a no-op if it exists. */
export async function createTable(client: DynamoDBClient, table: GlobalTableProperties, tableName: string): Promise<void> {
  const input: CreateTableCommandInput = {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    ...(table.GlobalSecondaryIndexes
      ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'] }
      : {}),
    ...(table.StreamSpecification
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.StreamSpecification.StreamViewType as 'NEW_IMAGE' } }
      : {}),
  };
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if ((error as Error).name === 'ResourceInUseException') return;
    throw error;
  }
  const ttl = table.TimeToLiveSpecification;
  if (ttl?.Enabled) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }),
    );
  }
}
