import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppealDecided, AppealLimit, AppealPending } from '../domain/assessment/errors.js';
import type { Appeal, Waiver } from '../domain/assessment/types.js';
import { NotFound, RetryableError } from '../domain/errors.js';
import type { Item } from './batch.js';
import { byNumber, putNumbered, queryPrefix, type Guard } from './assessment-partition.js';
import { dynamo } from './client.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/*
 * Appeals (申诉) of the year's published result (docs/architecture.md "Year-end assessment", Items):
 * stored here as filed and decided. Whether the line exists and the appeal period is open is checked by
 * the API against the published result before filing; how many a unit may file is checked here, in the
 * appeal's own transaction, so that it holds for appeals filed at the same moment too.
 */

/** The most appeals a unit may file against a year's assessment. */
export const MAX_APPEALS_PER_UNIT = 50;

/** Tries of a decision that collided with another write of the appeal or its line. */
const DECISION_ATTEMPTS = 5;

/**
 * Files a unit's appeal of a line item of the published run, numbered `ap-<n>` in the year, pending. In the
 * same transaction: the line's pending marker, put if absent (else 409 `appeal_pending`), and the unit's
 * count of the year, counted up while below MAX_APPEALS_PER_UNIT (else 409 `appeal_limit`).
 */
export function fileAppeal(input: { year: number; unitId: string; lineId: string; reason: string; by: string; at: string; runId: string }): Promise<Appeal> {
  const { year, unitId, lineId } = input;
  const pending: Guard = {
    write: {
      Put: {
        TableName: tableName(),
        Item: { ...keys.pendingAppeal(year, unitId, lineId), entity: 'pendingAppeal', unitId, lineId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    refusal: () => new AppealPending(unitId, lineId),
  };
  const counted: Guard = {
    write: {
      Update: {
        TableName: tableName(),
        Key: keys.appealCount(year, unitId),
        UpdateExpression: 'ADD n :one',
        ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': MAX_APPEALS_PER_UNIT },
      },
    },
    refusal: () => new AppealLimit(unitId, year, MAX_APPEALS_PER_UNIT),
  };
  return putNumbered(year, 'appeal', (n) => {
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
  }, [pending, counted]);
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
 * `appeal_decided`, an unknown appeal 404. `points`: what the upheld line scores instead (Waiver). The
 * line's pending marker goes with the decision, so the unit may appeal the line again.
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
  const status = input.decision === 'uphold' ? 'upheld' : 'rejected';
  for (let attempt = 1; ; attempt++) {
    const appeal = await getAppeal(input.year, input.appealId);
    if (!appeal) throw appealNotFound(input.year, input.appealId);
    if (appeal.status !== 'pending') throw new AppealDecided(appeal.appealId, appeal.status);
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: keys.appeal(input.year, input.appealId),
                UpdateExpression: 'SET #status = :status, #decision = :decision',
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status', '#decision': 'decision' },
                ExpressionAttributeValues: { ':status': status, ':decision': decision, ':pending': 'pending' },
              },
            },
            // Unconditional: while the appeal is pending, the line's marker is its own.
            { Delete: { TableName: tableName(), Key: keys.pendingAppeal(input.year, appeal.unitId, appeal.lineId) } },
          ],
        }),
      );
      return appealOf({ ...appeal, status, decision });
    } catch (error) {
      // Decided meanwhile, or a write of the same items at the same moment: read again to tell which.
      const codes = cancellationCodes(error);
      if (!codes?.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) throw error;
      if (attempt >= DECISION_ATTEMPTS) throw new RetryableError(`the decision of appeal ${input.appealId} kept colliding`, { cause: error });
      await new Promise((done) => setTimeout(done, 10 * attempt * Math.random()));
    }
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
