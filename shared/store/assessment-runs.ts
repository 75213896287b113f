import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { AssessmentRunning } from '../domain/assessment/errors.js';
import type { Grade, LineItem, RankChange, RankedUnit, UnitScore } from '../domain/assessment/types.js';
import { Conflict, NotFound } from '../domain/errors.js';
import { batchWriteAll, type Item } from './batch.js';
import { dynamo } from './client.js';
import { updateOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';
import { endLockedRun, startLockedRun } from './run-lock.js';
import { tableName } from './table.js';

/*
 * An assessment run and what it writes (docs/architecture.md, "Year-end assessment", Items). A run writes
 * only under its own partition (scores, line items, ranking) until Publish moves `PUBLISHED`, so a failed or
 * dry run leaves the published result as it was, and a retried step rewrites the same items.
 */

export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface RunError {
  Error: string;
  Cause: string;
}

export interface AssessmentRun {
  runId: string;
  year: number;
  status: RunStatus;
  dryRun: boolean;
  /** The run's rules override (an `AssessmentRules` object): replaces every plan's rules. */
  rules?: Record<string, unknown>;
  /** A re-score run started by an upheld appeal. */
  appealId?: string;
  startedAt: string;
  startedBy: string;
  executionArn?: string;
  /** From FinishRun: units scored and whether (and as which revision) the run was published. */
  units?: number;
  published?: boolean;
  revision?: number;
  /** Dry run: the rank moves against the published ranking. */
  changes?: RankChange[];
  error?: RunError;
  finishedAt?: string;
}

export type NewRun = Pick<AssessmentRun, 'runId' | 'year' | 'dryRun' | 'startedAt' | 'startedBy'> &
  Partial<Pick<AssessmentRun, 'rules' | 'appealId' | 'executionArn'>>;

/** How long a run may hold its year's lock: the state machine's timeout, after which the run is dead anyway. */
export const ASSESSMENT_LOCK_SECONDS = 2 * 60 * 60;

const runFields = [
  'runId', 'year', 'status', 'dryRun', 'rules', 'appealId', 'startedAt', 'startedBy', 'executionArn',
  'units', 'published', 'revision', 'changes', 'error', 'finishedAt',
] as const;

/**
 * Records the run as RUNNING and takes the year's lock, in one transaction: one run of a year at a time
 * (409 `assessment_running`). A lock past its expiry belongs to a run the state machine has timed out.
 */
export async function createRun(run: NewRun, clock: Clock): Promise<AssessmentRun> {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const record: AssessmentRun = { ...run, status: 'RUNNING' };
  await startLockedRun({
    lock: { ...keys.assessmentLock(run.year), entity: 'assessmentLock', runId: run.runId, expiresAt: nowSeconds + ASSESSMENT_LOCK_SECONDS },
    record: { ...keys.assessmentRun(run.year, run.runId), entity: 'assessmentRun', ...record },
    nowSeconds,
    held: (lock) => new AssessmentRunning(run.year, lock.runId),
    started: () => new Conflict(`assessment run ${run.runId} has already been started`, `考核运行 ${run.runId} 已经启动过`),
    what: 'assessment start',
  });
  return record;
}

export async function getRun(year: number, runId: string): Promise<AssessmentRun | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.assessmentRun(year, runId), ConsistentRead: true }));
  return Item ? pick<AssessmentRun>(Item, runFields) : undefined;
}

export interface RunSummary {
  units: number;
  published: boolean;
  /** The published revision, when published. */
  revision?: number;
}

/** The run SUCCEEDED; releases the year's lock. */
export function finishRun(year: number, runId: string, summary: RunSummary, clock: Clock): Promise<void> {
  return endRun(year, runId, { status: 'SUCCEEDED', ...summary }, clock);
}

/** The run FAILED (or could not start); releases the year's lock. Nothing it wrote was published. */
export function failRun(year: number, runId: string, error: RunError, clock: Clock): Promise<void> {
  return endRun(year, runId, { status: 'FAILED', error }, clock);
}

/**
 * Records how the run ended and deletes the lock if it is still this run's (one transaction). A lock that is
 * no longer ours (expired and taken over, or released by an earlier attempt of this step) is left alone.
 */
async function endRun(year: number, runId: string, outcome: Record<string, unknown>, clock: Clock): Promise<void> {
  await endLockedRun({
    record: { key: keys.assessmentRun(year, runId), fields: { ...outcome, finishedAt: clock.now().toISOString() } },
    lock: { key: keys.assessmentLock(year), holderAttribute: 'runId', holder: runId },
    missing: () => new NotFound(`no assessment run ${runId} of ${year}`, `没有 ${year} 年度的考核运行 ${runId}`),
  });
}

/** Dry run: the rank moves against the published ranking, kept on the run item for `assess run --dry-run`. */
export async function setRunChanges(year: number, runId: string, changes: readonly RankChange[]): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.assessmentRun(year, runId),
      ...updateOf({ changes }),
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** A unit's score as its `SCORE#` item keeps it: its line items are in `LINES#`. */
export type UnitScoreSummary = Omit<UnitScore, 'lineItems'>;

const scoreFields = ['unitId', 'unitName', 'unitKind', 'total', 'completion', 'timeliness', 'deductions', 'bonus', 'vetoed', 'tasks'] as const;

/** Writes each unit's score and its line items (a retried batch writes the same items again). */
export async function putUnitScores(year: number, runId: string, scores: readonly UnitScore[]): Promise<void> {
  await batchWriteAll(
    scores.flatMap(({ lineItems, ...score }) => [
      { PutRequest: { Item: { ...keys.unitScore(year, runId, score.unitId), entity: 'unitScore', ...score } } },
      { PutRequest: { Item: { ...keys.unitLines(year, runId, score.unitId), entity: 'unitLines', unitId: score.unitId, lineItems } } },
    ]),
  );
}

/** Every unit's score of the run (one Query, consistent: RankUnits runs right after the batches wrote them), by unitId. */
export async function listUnitScores(year: number, runId: string): Promise<UnitScoreSummary[]> {
  const items = await queryRunPartition(year, runId, keys.unitScoresPrefix());
  return items.map((item) => pick<UnitScoreSummary>(item, scoreFields));
}

export async function getUnitLines(year: number, runId: string, unitId: string): Promise<LineItem[] | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.unitLines(year, runId, unitId), ConsistentRead: true }));
  return Item ? (Item.lineItems as LineItem[]) : undefined;
}

/** Every unit's line items of the run, by unitId. */
export async function listUnitLines(year: number, runId: string): Promise<Map<string, LineItem[]>> {
  const items = await queryRunPartition(year, runId, keys.unitLinesPrefix());
  return new Map(items.map((item) => [item.unitId as string, item.lineItems as LineItem[]]));
}

export async function putRanking(year: number, runId: string, units: readonly RankedUnit[]): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.ranking(year, runId), entity: 'ranking', year, runId, units } }));
}

export async function getRanking(year: number, runId: string): Promise<RankedUnit[] | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.ranking(year, runId), ConsistentRead: true }));
  return Item ? (Item.units as RankedUnit[]) : undefined;
}

function queryRunPartition(year: number, runId: string, prefix: string): Promise<Item[]> {
  return queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.assessmentRunPartition(year, runId), ':prefix': prefix },
    ConsistentRead: true,
  });
}

export interface ReportKeys {
  csv: string;
  xlsx: string;
  html: string;
  /** The English copies (absent from results published before they were written). */
  en?: { csv: string; xlsx: string; html: string };
}

/** The year's published result: which run, which revision, where its reports are. */
export interface Published {
  year: number;
  runId: string;
  revision: number;
  publishedOn: string;
  publishedAt: string;
  reports: ReportKeys;
  /** The last working day on which a unit may appeal. */
  appealsUntil: string;
}

const publishedFields = ['year', 'runId', 'revision', 'publishedOn', 'publishedAt', 'reports', 'appealsUntil'] as const;

export async function getPublished(year: number): Promise<Published | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.published(year), ConsistentRead: true }));
  return Item ? pick<Published>(Item, publishedFields) : undefined;
}

export interface Figures {
  total: number;
  grade: Grade;
  /** Within the group (absent in a ranking made before groups were). */
  rank: number;
  group?: string;
}

export interface AuditChange {
  unitId: string;
  /** null: the unit was not in the previous (or is not in the new) ranking. */
  before: Figures | null;
  after: Figures | null;
}

export interface AssessmentAudit {
  kind: 'published' | 'republished';
  year: number;
  runId: string;
  previousRunId?: string;
  appealId?: string;
  revision: number;
  at: string;
  changes: AuditChange[];
}

export interface Publication {
  year: number;
  runId: string;
  publishedOn: string;
  appealsUntil: string;
  reports: ReportKeys;
  appealId?: string;
  changes: AuditChange[];
}

/**
 * Moves `PUBLISHED` to the run, at revision + 1 of `previous` (what the caller read: the move is conditional
 * on it), and writes the audit item with the old and new figures, in one transaction. When `PUBLISHED`
 * already names the run (an earlier attempt of this step got through), nothing is written again.
 */
export async function movePublished(publication: Publication, previous: Published | undefined, clock: Clock): Promise<Published> {
  const at = clock.now().toISOString();
  const published: Published = {
    year: publication.year,
    runId: publication.runId,
    revision: (previous?.revision ?? 0) + 1,
    publishedOn: publication.publishedOn,
    publishedAt: at,
    reports: publication.reports,
    appealsUntil: publication.appealsUntil,
  };
  const audit: AssessmentAudit = {
    kind: previous ? 'republished' : 'published',
    year: publication.year,
    runId: publication.runId,
    ...(previous ? { previousRunId: previous.runId } : {}),
    ...(publication.appealId ? { appealId: publication.appealId } : {}),
    revision: published.revision,
    at,
    changes: publication.changes,
  };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.published(publication.year), entity: 'published', ...published },
              ...(previous
                ? { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': previous.revision } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.assessmentAudit(publication.year, at, publication.runId), entity: 'assessmentAudit', ...audit },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return published;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes?.[0] !== 'ConditionalCheckFailed') throw error;
    const current = await getPublished(publication.year);
    if (current?.runId === publication.runId) return current;
    throw new Conflict(
      `the ${publication.year} assessment was published by another run (${current?.runId}) meanwhile`,
      `${publication.year} 年度考核结果已被另一次运行（${current?.runId}）发布`,
    );
  }
}

/** The year's publications, oldest first. */
export async function listAssessmentAudit(year: number): Promise<AssessmentAudit[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.assessmentPartition(year), ':prefix': keys.assessmentAuditPrefix() },
    ConsistentRead: true,
  });
  return items.map((item) =>
    pick<AssessmentAudit>(item, ['kind', 'year', 'runId', 'previousRunId', 'appealId', 'revision', 'at', 'changes']),
  );
}

/** The named fields present on the item, without its keys and bookkeeping. */
function pick<T>(item: Item, fields: readonly string[]): T {
  return Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as T;
}
