import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Conflict } from '../domain/errors.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';
import { indexes, tableName } from './table.js';

/**
 * API tokens, keyed by their public id; the secret itself is never stored, only its SHA-256. Hashing,
 * ids, lifetimes and roles belong to shared/auth; this repository stores and finds what it is given.
 */
export interface TokenRecord {
  tokenId: string;
  tokenHash: string;
  role: string;
  unitId?: string;
  label?: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
}

export type NewToken = Pick<TokenRecord, 'tokenId' | 'tokenHash' | 'role' | 'unitId' | 'label' | 'createdAt' | 'createdBy' | 'expiresAt'>;

/** Another token already has this id (one in 2^48 per pair): the caller makes a new token. */
export class TokenIdTaken extends Conflict {
  override readonly code = 'token_id_taken';
}

export async function createToken(token: NewToken): Promise<TokenRecord> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.token(token.tokenId), ...keys.tokenList(token.createdAt, token.tokenId), entity: 'token', ...token },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      throw new TokenIdTaken(`token id ${token.tokenId} is taken`, `令牌编号 ${token.tokenId} 已被占用`);
    }
    throw error;
  }
  return token;
}

/** Strongly consistent: a token revoked a moment ago is seen revoked. */
export async function findToken(tokenId: string): Promise<TokenRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.token(tokenId), ConsistentRead: true }));
  return Item ? recordOf(Item) : undefined;
}

/** Every token, newest first (gsi1 `TOKENS`: a bureau has hundreds, not millions); filtered by unit and role. */
export async function listTokens(filter: { unitId?: string; role?: string } = {}): Promise<TokenRecord[]> {
  const names: Record<string, string> = { '#gsi1pk': 'gsi1pk' };
  const values: Record<string, unknown> = { ':tokens': keys.tokenListPartition() };
  const conditions: string[] = [];
  if (filter.unitId !== undefined) {
    names['#unitId'] = 'unitId';
    values[':unitId'] = filter.unitId;
    conditions.push('#unitId = :unitId');
  }
  if (filter.role !== undefined) {
    names['#role'] = 'role';
    values[':role'] = filter.role;
    conditions.push('#role = :role');
  }
  const items = await queryAll({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#gsi1pk = :tokens',
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  });
  return items.map(recordOf);
}

/**
 * Marks the token revoked, once: revoking it again answers the first revocation unchanged. Undefined when
 * there is no such token.
 */
export async function revokeToken(tokenId: string, by: string, at: string): Promise<TokenRecord | undefined> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.token(tokenId),
        UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':by': by },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return Attributes ? recordOf(Attributes) : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
      // The error's item is not unmarshalled by the document client.
      const old = (error as { Item?: Record<string, AttributeValue> }).Item;
      return old ? recordOf(unmarshall(old)) : undefined;
    }
    throw error;
  }
}

/** Records a use: only when the stored `lastUsedAt` is before `since` (at most one write a day per token). */
export async function recordTokenUse(tokenId: string, at: string, since: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.token(tokenId),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :since)',
        ExpressionAttributeValues: { ':at': at, ':since': since },
      }),
    );
  } catch (error) {
    // Another request of the same day got there first.
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
    throw error;
  }
}

function recordOf(item: Item): TokenRecord {
  const optional = (name: keyof TokenRecord) => (typeof item[name] === 'string' ? { [name]: item[name] as string } : {});
  return {
    tokenId: item.tokenId as string,
    tokenHash: item.tokenHash as string,
    role: item.role as string,
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    ...optional('unitId'),
    ...optional('label'),
    ...optional('expiresAt'),
    ...optional('lastUsedAt'),
    ...optional('revokedAt'),
    ...optional('revokedBy'),
  };
}
