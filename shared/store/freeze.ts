import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { YearFrozen } from '../domain/assessment/errors.js';
import type { Freeze } from '../domain/assessment/types.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { tableName } from './table.js';
import type { ExtraWrite } from './task-changes.js';

/*
 * The freeze of a year (docs/architecture.md "Year-end assessment", Freeze): one item, put once by the
 * first non-dry run. From then on the year's tasks change only by an admin, marked in their audit.
 */

/** Freezes the year unless it is frozen already; the freeze that holds either way, and whether this call made it. */
export async function freezeYear(input: { year: number; by: string; runId: string; at: string }): Promise<{ freeze: Freeze; created: boolean }> {
  const freeze: Freeze = { year: input.year, frozenAt: input.at, frozenBy: input.by, runId: input.runId };
  try {
    await dynamo().send(
      new PutCommand({ TableName: tableName(), Item: { ...keys.freeze(input.year), entity: 'freeze', ...freeze }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return { freeze, created: true };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  const existing = await getFreeze(input.year);
  if (!existing) throw new Error(`the freeze of ${input.year} exists and cannot be read`);
  return { freeze: existing, created: false };
}

/** Consistent: a change decided on a stale "not frozen" would slip past the freeze. */
export async function getFreeze(year: number): Promise<Freeze | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.freeze(year), ConsistentRead: true }));
  return Item ? freezeOf(Item) : undefined;
}

/**
 * For a change of a task of the year, in its transaction: the year is still not frozen when it commits,
 * so a change racing the freeze loses (YearFrozen) instead of slipping in after it unmarked.
 */
export function notFrozenCheck(year: number): ExtraWrite {
  return {
    write: { ConditionCheck: { TableName: tableName(), Key: keys.freeze(year), ConditionExpression: 'attribute_not_exists(pk)' } },
    onConditionFailed: () => new YearFrozen(year),
  };
}

function freezeOf(item: Item): Freeze {
  return { year: item.year, frozenAt: item.frozenAt, frozenBy: item.frozenBy, runId: item.runId };
}
