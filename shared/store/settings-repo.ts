import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import { dynamo } from './client.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/*
 * The bureau's settings: its particulars (one item, replaced whole) and the running numbers of its
 * documents per year (docs/decisions/0015-organisation-settings.md).
 */

export interface StoredOrganisation {
  organisation: Organisation;
  updatedAt: string;
  updatedBy: string;
}

/** The particulars as last saved, read consistently (an admin sees what they just saved); undefined before. */
export async function getOrganisation(): Promise<StoredOrganisation | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.organisation(), ConsistentRead: true }));
  if (!Item) return undefined;
  const { name, issuer, numberPattern, cc, updatedAt, updatedBy } = Item;
  const organisation = Object.fromEntries(Object.entries({ name, issuer, numberPattern, cc }).filter(([, value]) => value !== undefined)) as Organisation;
  return { organisation, updatedAt, updatedBy };
}

/** Replaces the particulars: a field left out is no longer set. */
export async function putOrganisation(organisation: Organisation, by: string, at: Date): Promise<StoredOrganisation> {
  const stored = { organisation, updatedAt: at.toISOString(), updatedBy: by };
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.organisation(), entity: 'organisation', ...organisation, updatedAt: stored.updatedAt, updatedBy: by },
    }),
  );
  return stored;
}

/** Two documents taking the year's next number at once: the loser reads again and takes the one after. */
const CLAIM_ATTEMPTS = 5;

/**
 * The running number of `documentId` (e.g. `bulletin#2022-11`) in `year`: the one it was given before, or
 * the year's next, 1 first. The counter moves on and the document's number is put in one transaction, each
 * conditional (the counter on the value read, the number on its absence), so numbers have no gaps and a
 * document published again keeps its own.
 */
export async function claimDocumentNumber(year: number, documentId: string): Promise<number> {
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const claimed = await read(keys.documentNumber(year, documentId));
    if (claimed) return claimed.n as number;
    const last = ((await read(keys.documentNumberCounter(year)))?.n as number | undefined) ?? 0;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.documentNumberCounter(year),
                UpdateExpression: 'SET n = :next, entity = :entity',
                ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : 'n = :last',
                ExpressionAttributeValues: { ':next': last + 1, ':entity': 'documentNumberCounter', ...(last === 0 ? {} : { ':last': last }) },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.documentNumber(year, documentId), entity: 'documentNumber', documentId, n: last + 1 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return last + 1;
    } catch (error) {
      if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
    }
  }
  throw new RetryableError(`the ${year} document number of ${documentId} stayed contended for ${CLAIM_ATTEMPTS} attempts`);
}

async function read(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item;
}
