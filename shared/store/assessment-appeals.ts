import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppealDecided } from '../domain/assessment/errors.js';
import type { Appeal, Waiver } from '../domain/assessment/types.js';
import { NotFound } from '../domain/errors.js';
import type { Item } from './batch.js';
import { byNumber, putNumbered, queryPrefix } from './assessment-partition.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/*
 * Appeals (申诉) of the year's published result (docs/architecture.md "Year-end assessment", Items):
 * stored here as filed and decided. Whether the line exists and the appeal period is open is checked by
 * the API against the published result before filing.
 */

/** Files a unit's appeal of a line item of the published run, numbered `ap-<n>` in the year, pending. */
export function fileAppeal(input: { year: number; unitId: string; lineId: string; reason: string; by: string; at: string; runId: string }): Promise<Appeal> {
  return putNumbered(input.year, 'appeal', (n) => {
    const appeal: Appeal = {
      appealId: `ap-${n}`,
      year: input.year,
      unitId: input.unitId,
      lineId: input.lineId,
      reason: input.reason,
      filedBy: input.by,
      filedAt: input.at,
      runId: input.runId,
      status: 'pending',
    };
    return { item: { ...keys.appeal(input.year, appeal.appealId), entity: 'appeal', ...appeal }, value: appeal };
  });
}

export async function getAppeal(year: number, appealId: string): Promise<Appeal | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.appeal(year, appealId), ConsistentRead: true }));
  return Item ? appealOf(Item) : undefined;
}

/** The year's appeals in the order they were filed; a unit's own when `unitId` is given. */
export async function listAppeals(year: number, unitId?: string): Promise<Appeal[]> {
  return (await queryPrefix(year, keys.appealsPrefix()))
    .map(appealOf)
    .filter((appeal) => unitId === undefined || appeal.unitId === unitId)
    .sort((a, b) => byNumber(a.appealId, b.appealId));
}

/**
 * An admin upholds or rejects a pending appeal, once: a second decision (even a concurrent one) is 409
 * `appeal_decided`, an unknown appeal 404. `points`: what the upheld line scores instead (Waiver).
 */
export async function decideAppeal(input: {
  year: number;
  appealId: string;
  decision: 'uphold' | 'reject';
  reason: string;
  points?: number | undefined;
  by: string;
  at: string;
}): Promise<Appeal> {
  const decision = { by: input.by, at: input.at, reason: input.reason, ...(input.points === undefined ? {} : { points: input.points }) };
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.appeal(input.year, input.appealId),
        UpdateExpression: 'SET #status = :status, #decision = :decision',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#decision': 'decision' },
        ExpressionAttributeValues: { ':status': input.decision === 'uphold' ? 'upheld' : 'rejected', ':decision': decision, ':pending': 'pending' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return appealOf(Attributes!);
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const appeal = await getAppeal(input.year, input.appealId);
    if (!appeal) throw appealNotFound(input.year, input.appealId);
    throw new AppealDecided(appeal.appealId, appeal.status);
  }
}

/** The re-score run an upheld appeal started. */
export async function setAppealRescoreRun(year: number, appealId: string, runId: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.appeal(year, appealId),
        UpdateExpression: 'SET rescoreRunId = :runId',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':runId': runId },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    throw appealNotFound(year, appealId);
  }
}

/** The year's upheld appeals, as the scorer applies them. */
export async function upheldWaivers(year: number): Promise<Waiver[]> {
  return (await listAppeals(year)).filter((appeal) => appeal.status === 'upheld').map(waiverOf);
}

function appealNotFound(year: number, appealId: string): NotFound {
  return new NotFound(`No appeal ${appealId} of ${year}`, `未找到 ${year} 年度的申诉 ${appealId}`);
}

export function appealOf(item: Item): Appeal {
  const { appealId, year, unitId, lineId, reason, filedBy, filedAt, runId, status, decision, rescoreRunId } = item;
  return {
    appealId,
    year,
    unitId,
    lineId,
    reason,
    filedBy,
    filedAt,
    runId,
    status,
    ...(decision === undefined ? {} : { decision }),
    ...(rescoreRunId === undefined ? {} : { rescoreRunId }),
  };
}

export function waiverOf(appeal: Appeal): Waiver {
  return { appealId: appeal.appealId, unitId: appeal.unitId, lineId: appeal.lineId, ...(appeal.decision?.points === undefined ? {} : { points: appeal.decision.points }) };
}
