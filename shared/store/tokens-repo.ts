import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/**
 * API tokens, keyed by the SHA-256 of the secret: the secret itself is never stored. Hashing and roles
 * belong to shared/auth; this repository stores and finds what it is given.
 */
export interface TokenRecord {
  tokenHash: string;
  role: string;
  unitId?: string;
  label?: string;
  createdAt: string;
  createdBy: string;
}

export interface NewToken {
  tokenHash: string;
  role: string;
  unitId?: string;
  label?: string;
  createdBy: string;
}

export async function createToken(token: NewToken, clock: Clock): Promise<TokenRecord> {
  const record: TokenRecord = { ...token, createdAt: clock.now().toISOString() };
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.token(token.tokenHash), entity: 'token', ...record },
      // 256 random bits never collide; the condition only guards against overwriting by a bug.
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return record;
}

export async function findToken(tokenHash: string): Promise<TokenRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.token(tokenHash) }));
  if (!Item) return undefined;
  return {
    tokenHash: Item.tokenHash as string,
    role: Item.role as string,
    ...(Item.unitId ? { unitId: Item.unitId as string } : {}),
    ...(Item.label ? { label: Item.label as string } : {}),
    createdAt: Item.createdAt as string,
    createdBy: Item.createdBy as string,
  };
}
