import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDate, type Clock } from '../clock/clock.js';
import { RetryableError } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import {
  goalRow,
  planSummaryAnswer,
  rowDeltas,
  summaryOfTasks,
  unitRow,
  type Counters,
  type PlanSummaryAnswer,
  type SummaryTask,
} from '../domain/plan-summary.js';
import { taskId, type Task } from '../domain/task.js';
import { batchGetAll, type Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { mapWithConcurrency } from './pool.js';
import { loadPlan } from './plans-repo.js';
import { queryAll } from './query.js';
import { tableName } from './table.js';

/*
 * The plan's summary as stored (decision 0017): under `PLAN#<planId>#SUMMARY`, a row per unit and per goal
 * holding the counters of shared/domain/plan-summary.ts as top-level numbers, and `changes`, how many task
 * changes were added to it; beside them a meta item. Every task change adds its delta to its two rows in
 * its own transaction (`summaryDeltaWrites`). A breakdown writes too many tasks at once for that: it marks
 * the summary stale before it writes (`markSummaryStale`) and rebuilds it when it ends
 * (`rebuildPlanSummaryIfNeeded`).
 */

/** Attributes of a row that are not counters. */
const rowFields = new Set(['pk', 'sk', 'entity', 'changes']);
/** Rows put or rebuilt at once. */
const ROW_CONCURRENCY = 16;
/** Tries per row when task changes keep landing while it is rebuilt. */
const REBUILD_ATTEMPTS = 5;
/** What the summary reads of a task. */
const taskProjection = ['id', 'goalId', 'unitId', 'kind', 'status', 'target', 'direction', 'deadline', 'milestones', 'progress', 'escalation'];

export interface SummaryMeta {
  rebuiltAt?: string;
  /** The plan's warning margin the rows were counted with. */
  margin?: number;
  /** Set by a breakdown run before it writes tasks, until the summary is rebuilt: when, and which run. */
  staleSince?: string;
  staleBy?: string;
}

interface StoredSummary {
  meta: SummaryMeta | undefined;
  rows: Map<string, { counters: Counters; changes: number | undefined }>;
}

/**
 * The updates of a task change's transaction: the change's delta added to its unit's and its goal's rows,
 * and their `changes` counted up (a rebuild running meanwhile then knows to count the row again). None when
 * nothing the summary counts moved.
 */
export function summaryDeltaWrites(before: Task | undefined, after: Task | undefined, margin: number): Record<string, unknown>[] {
  const planId = (after ?? before)!.planId;
  return [...rowDeltas(before, after, margin)].map(([row, delta]) => {
    const names = Object.keys(delta);
    return {
      Update: {
        TableName: tableName(),
        Key: keys.planSummaryRow(planId, row),
        UpdateExpression: `SET #entity = :entity ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}, #changes :one`,
        ExpressionAttributeNames: { '#entity': 'entity', '#changes': 'changes', ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])) },
        ExpressionAttributeValues: { ':entity': 'planSummaryRow', ':one': 1, ...Object.fromEntries(names.map((name, i) => [`:c${i}`, delta[name]])) },
      },
    };
  });
}

/**
 * Before a breakdown run writes tasks: the rows do not count its writes, so say so, from the run's first
 * write on (a retried goal keeps the earliest moment).
 */
export async function markSummaryStale(planId: string, executionId: string, at: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.planSummaryMeta(planId),
      UpdateExpression: 'SET #entity = :entity, #staleSince = if_not_exists(#staleSince, :at), #staleBy = :by',
      ExpressionAttributeNames: { '#entity': 'entity', '#staleSince': 'staleSince', '#staleBy': 'staleBy' },
      ExpressionAttributeValues: { ':entity': 'planSummaryMeta', ':at': at, ':by': executionId },
    }),
  );
}

/** Whether the rows must be counted again from the tasks: never counted, marked stale, or counted with another margin. */
export function needsRebuild(meta: SummaryMeta | undefined, margin: number): boolean {
  return meta?.rebuiltAt === undefined || meta.staleBy !== undefined || meta.margin !== margin;
}

/** At the end of a breakdown run (it holds the plan's lock): rebuilds when the run wrote tasks, or the rows need it anyway. */
export async function rebuildPlanSummaryIfNeeded(planId: string, clock: Clock): Promise<RebuildResult | undefined> {
  const stored = await loadPlan(planId);
  if (!stored) return undefined;
  const { meta } = await readStoredSummary(planId, true);
  return needsRebuild(meta, stored.plan.tracking.margin) ? rebuildPlanSummary(stored.plan, clock) : undefined;
}

export interface RebuildResult {
  rows: number;
  tasks: number;
  /** Rows counted again because a task change landed on them while they were rebuilt. */
  recounted: number;
}

/**
 * Counts every row of the plan again from its tasks, read consistently by their ids (one per goal × unit).
 * Each row is put on the condition that its `changes` are still what they were before the tasks were read:
 * a task change that landed meanwhile fails it, and that row alone is counted again. Rows of units and goals
 * the plan no longer has are deleted. The meta item is cleared last, and only of the stale mark seen at the
 * start: a crash anywhere leaves the summary stale, and rebuilding again is always right.
 */
export async function rebuildPlanSummary(plan: Plan, clock: Clock): Promise<RebuildResult> {
  const margin = plan.tracking.margin;
  const before = await readStoredSummary(plan.id, true);
  const tasks = await readTasks(pairsOf(plan));
  const counted = summaryOfTasks(tasks, margin);
  const wanted = [...plan.units.map((unit) => unitRow(unit.id)), ...plan.goals.map((goal) => goalRow(goal.id))];
  let recounted = 0;
  await mapWithConcurrency(wanted, ROW_CONCURRENCY, async (row) => {
    let counters = counted.get(row) ?? {};
    let changes = before.rows.get(row)?.changes;
    for (let attempt = 1; ; attempt++) {
      if (await putRowIfUnchanged(plan.id, row, counters, changes)) return;
      if (attempt >= REBUILD_ATTEMPTS) throw new RetryableError(`summary row ${row} of plan ${plan.id} kept changing while it was rebuilt`);
      recounted++;
      // The counter first, then the tasks: a change after this read fails the next put again.
      changes = (await getRow(plan.id, row))?.changes;
      counters = summaryOfTasks(await readTasks(pairsOfRow(plan, row)), margin).get(row) ?? {};
    }
  });
  const leftovers = [...before.rows.keys()].filter((row) => !wanted.includes(row));
  await mapWithConcurrency(leftovers, ROW_CONCURRENCY, (row) =>
    dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.planSummaryRow(plan.id, row) })),
  );
  await clearStaleMark(plan.id, before.meta, { rebuiltAt: clock.now().toISOString(), margin });
  return { rows: wanted.length, tasks: tasks.length, recounted };
}

/**
 * The answer of `GET /plans/{planId}/summary`, from the plan and its rows: O(units + goals) items, never
 * every task. A unit (`onlyUnit`) gets its own row and the goals as its own tasks stand: those are read,
 * one per goal. While a breakdown runs the rows are answered as they are, as of its first write; rows never
 * counted, left stale by a breakdown that ended without rebuilding them (it failed, or crashed), or counted
 * with another margin are rebuilt first, once (a `readOnly` reader counts them from the tasks instead).
 */
export async function readPlanSummary(
  planId: string,
  scope: { onlyUnit?: string | undefined; readOnly?: boolean },
  clock: Clock,
): Promise<PlanSummaryAnswer | undefined> {
  const [stored, summary, lock] = await Promise.all([
    loadPlan(planId),
    scope.onlyUnit === undefined ? readStoredSummary(planId, false) : undefined,
    scope.onlyUnit === undefined ? breakdownLockOf(planId) : undefined,
  ]);
  if (!stored) return undefined;
  const { plan } = stored;
  const moment = { today: localDate(clock, plan.timezone), asOf: clock.now().toISOString() };
  const answerPlan = {
    planId: plan.id,
    name: plan.name,
    year: plan.year,
    units: plan.units.filter((unit) => scope.onlyUnit === undefined || unit.id === scope.onlyUnit),
    goals: plan.goals.map((goal) => ({ ...goal, unitOfMeasure: goal.kind === 'action' ? undefined : goal.unitOfMeasure })),
  };
  if (scope.onlyUnit !== undefined) {
    const own = await readTasks(plan.goals.map((goal) => taskId(plan.id, goal.id, scope.onlyUnit!)));
    return planSummaryAnswer(answerPlan, summaryOfTasks(own, plan.tracking.margin), moment);
  }
  let rows = summary!;
  // The run rebuilds the rows when it ends; a rebuild now would count half its writes and clear its mark.
  const running = lock !== undefined && (lock.expiresAt as number) * 1000 > clock.now().getTime();
  if (running) return planSummaryAnswer(answerPlan, countersOf(rows), { ...moment, asOf: rows.meta?.staleSince ?? (lock.acquiredAt as string) });
  if (needsRebuild(rows.meta, plan.tracking.margin)) {
    // A reader that may not write (the public function) counts the tasks for itself, this once.
    if (scope.readOnly) return planSummaryAnswer(answerPlan, summaryOfTasks(await readTasks(pairsOf(plan)), plan.tracking.margin), moment);
    await rebuildPlanSummary(plan, clock);
    rows = await readStoredSummary(planId, true);
  }
  return planSummaryAnswer(answerPlan, countersOf(rows), { ...moment, asOf: rows.meta?.staleSince ?? moment.asOf });
}

const countersOf = (summary: StoredSummary) => new Map([...summary.rows].map(([row, { counters }]) => [row, counters]));

function pairsOf(plan: Plan): string[] {
  return plan.goals.flatMap((goal) => plan.units.map((unit) => taskId(plan.id, goal.id, unit.id)));
}

function pairsOfRow(plan: Plan, row: string): string[] {
  const unit = plan.units.find((candidate) => unitRow(candidate.id) === row);
  if (unit) return plan.goals.map((goal) => taskId(plan.id, goal.id, unit.id));
  const goal = plan.goals.find((candidate) => goalRow(candidate.id) === row)!;
  return plan.units.map((candidate) => taskId(plan.id, goal.id, candidate.id));
}

/** Consistent: a rebuild must see every change its row counters already count. Ids of unallocated pairs are simply not found. */
async function readTasks(ids: readonly string[]): Promise<SummaryTask[]> {
  const items = await batchGetAll(
    ids.map((id) => keys.task(id)),
    { consistentRead: true, projection: taskProjection, concurrency: ROW_CONCURRENCY },
  );
  return items as SummaryTask[];
}

async function readStoredSummary(planId: string, consistent: boolean): Promise<StoredSummary> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.planSummaryPartition(planId) },
    ConsistentRead: consistent,
  });
  const metaKey = keys.planSummaryMeta(planId).sk;
  const prefix = keys.planSummaryRowsPrefix();
  const meta = items.find((item) => item.sk === metaKey);
  const rows = items
    .filter((item) => (item.sk as string).startsWith(prefix))
    .map((item) => [(item.sk as string).slice(prefix.length), rowOf(item)] as const);
  return { meta: meta as SummaryMeta | undefined, rows: new Map(rows) };
}

function rowOf(item: Item): { counters: Counters; changes: number | undefined } {
  const counters = Object.fromEntries(Object.entries(item).filter(([name]) => !rowFields.has(name))) as Counters;
  return { counters, changes: item.changes as number | undefined };
}

async function getRow(planId: string, row: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.planSummaryRow(planId, row), ConsistentRead: true }));
  return Item ? rowOf(Item) : undefined;
}

/** False when a task change counted on the row since `changes` was read. */
async function putRowIfUnchanged(planId: string, row: string, counters: Counters, changes: number | undefined): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.planSummaryRow(planId, row), entity: 'planSummaryRow', ...nonZero(counters), changes: changes ?? 0 },
        ...(changes === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#changes = :changes', ExpressionAttributeNames: { '#changes': 'changes' }, ExpressionAttributeValues: { ':changes': changes } }),
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A counter at zero says nothing: stored rows keep only the others. */
function nonZero(counters: Counters): Counters {
  return Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
}

/** Rebuilt: the stale mark seen at the start goes, unless another run has marked it since (its writes are not counted). */
async function clearStaleMark(planId: string, seen: SummaryMeta | undefined, rebuilt: { rebuiltAt: string; margin: number }): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.planSummaryMeta(planId),
        UpdateExpression: 'SET #entity = :entity, #rebuiltAt = :rebuiltAt, #margin = :margin REMOVE #staleSince, #staleBy',
        ExpressionAttributeNames: { '#entity': 'entity', '#rebuiltAt': 'rebuiltAt', '#margin': 'margin', '#staleSince': 'staleSince', '#staleBy': 'staleBy' },
        ExpressionAttributeValues: {
          ':entity': 'planSummaryMeta',
          ':rebuiltAt': rebuilt.rebuiltAt,
          ':margin': rebuilt.margin,
          ...(seen?.staleBy === undefined ? {} : { ':seenBy': seen.staleBy }),
        },
        ConditionExpression: seen?.staleBy === undefined ? 'attribute_not_exists(#staleBy)' : '#staleBy = :seenBy',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

async function breakdownLockOf(planId: string): Promise<Item | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.breakdownLock(planId) }));
  return Item;
}
