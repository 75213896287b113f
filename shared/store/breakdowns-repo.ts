import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { Conflict, NotFound } from '../domain/errors.js';
import {
  breakdownItem,
  goalResultItem,
  lockItem,
  toBreakdownRecord,
  toGoalResult,
  type BreakdownError,
  type BreakdownStatus,
  type TaskCounts,
  type TaskTotals,
} from './breakdown-items.js';
import { dynamo } from './client.js';
import { projectionOf } from './expressions.js';
import type { GoalSyncResult } from './goal-tasks.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';
import { endLockedRun, startLockedRun } from './run-lock.js';
import { tableName } from './table.js';

export type { BreakdownError, BreakdownStatus, TaskCounts, TaskTotals } from './breakdown-items.js';

/** The plan's lock is held by another run; says which, and since when, so a caller can tell a dead holder. */
export class BreakdownRunning extends Conflict {
  constructor(
    readonly planId: string,
    readonly holder: { executionId: string; acquiredAt: string } | undefined,
  ) {
    super(
      `a breakdown of plan ${planId} is already running${holder ? ` (${holder.executionId})` : ''}`,
      `计划 ${planId} 的任务分解正在进行中${holder ? `（${holder.executionId}）` : ''}，请等待其完成`,
    );
  }
}

/** How long a breakdown may hold its plan's lock: the state machine's timeout, after which the run is dead anyway. */
export const BREAKDOWN_LOCK_SECONDS = 60 * 60;

export interface BreakdownStart {
  planId: string;
  revision: number;
  executionId: string;
  startedAt: string;
  goalsTotal: number;
  by: string;
}

export type BreakdownOutcome = { status: 'SUCCEEDED'; tasks: TaskTotals } | { status: 'FAILED'; error: BreakdownError };

export interface BreakdownProgress {
  executionId: string;
  planId: string;
  revision: number;
  status: BreakdownStatus;
  goalsTotal: number;
  goalsDone: number;
  tasks: TaskCounts;
  startedAt: string;
  finishedAt?: string;
  error?: BreakdownError;
}

export interface UnitChanges {
  created: number;
  updated: number;
  withdrawn: number;
}

/**
 * Takes the plan's breakdown lock and records the run as RUNNING, in one transaction: two breakdowns of
 * one plan never run at once, which is what lets a run create tasks with blind batch writes. A lock
 * past its expiry belongs to a run the state machine has already timed out, so it may be taken over.
 */
export async function startBreakdown(start: BreakdownStart, clock: Clock): Promise<void> {
  const now = clock.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const lock = lockItem({
    planId: start.planId,
    executionId: start.executionId,
    revision: start.revision,
    acquiredAt: now.toISOString(),
    expiresAt: nowSeconds + BREAKDOWN_LOCK_SECONDS,
  });
  const record = breakdownItem({
    planId: start.planId,
    executionId: start.executionId,
    revision: start.revision,
    status: 'RUNNING',
    goalsTotal: start.goalsTotal,
    startedAt: start.startedAt,
    startedBy: start.by,
  });
  await startLockedRun({
    lock,
    record,
    nowSeconds,
    held: ({ executionId, acquiredAt }) => new BreakdownRunning(start.planId, executionId && acquiredAt ? { executionId, acquiredAt } : undefined),
    started: () => new Conflict(`breakdown ${start.executionId} has already been started`, `任务分解 ${start.executionId} 已经启动过`),
    what: 'breakdown start',
  });
}

/** When StartExecution failed after the lock was taken: the run is recorded FAILED and the lock freed. */
export async function abandonBreakdown(planId: string, executionId: string, reason: string, clock: Clock): Promise<void> {
  await finishBreakdown(planId, executionId, { status: 'FAILED', error: { Error: 'StartExecutionFailed', Cause: reason } }, clock);
}

/**
 * Records how the run ended and releases the lock if it is still this run's (one transaction). A lock
 * that is no longer ours (expired and taken over, or released by an earlier attempt) is left alone.
 */
export async function finishBreakdown(planId: string, executionId: string, outcome: BreakdownOutcome, clock: Clock): Promise<void> {
  const { status, ...details } = outcome;
  await endLockedRun({
    record: { key: keys.breakdown(planId, executionId), fields: { status, finishedAt: clock.now().toISOString(), ...details } },
    lock: { key: keys.breakdownLock(planId), holderAttribute: 'executionId', holder: executionId },
    missing: () => notFound(planId, executionId),
  });
}

/** The result of one goal of a run; a retried goal overwrites its earlier result with the same counts. */
export async function recordGoalResult(planId: string, executionId: string, result: GoalSyncResult, clock: Clock): Promise<void> {
  const item = goalResultItem({
    planId,
    executionId,
    goalId: result.goalId,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    withdrawn: result.withdrawn,
    createdUnits: result.changedUnits.created,
    updatedUnits: result.changedUnits.updated,
    withdrawnUnits: result.changedUnits.withdrawn,
    recordedAt: clock.now().toISOString(),
  });
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: item }));
}

/** A run with its progress so far (one Query of the run's record and goal results, without their unit lists). */
export async function getBreakdown(planId: string, executionId: string): Promise<BreakdownProgress | undefined> {
  const items = await queryRun(planId, keys.breakdownRunPrefix(executionId), [
    'planId', 'executionId', 'revision', 'status', 'goalsTotal', 'startedAt', 'finishedAt', 'error',
    'created', 'updated', 'unchanged', 'withdrawn',
  ]);
  const run = items.find((item) => item.sk === keys.breakdown(planId, executionId).sk);
  if (!run) return undefined;
  const record = toBreakdownRecord(run);
  // The prefix `RUN#run-1` also matches `RUN#run-10…`: only this run's goal results count.
  const goals = items.filter((item) => (item.sk as string).startsWith(keys.breakdownGoalsPrefix(executionId)));
  const sum = (name: keyof TaskCounts) => goals.reduce((total, goal) => total + (goal[name] as number), 0);
  return {
    executionId,
    planId,
    revision: record.revision,
    status: record.status,
    goalsTotal: record.goalsTotal,
    goalsDone: goals.length,
    tasks: { created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), withdrawn: sum('withdrawn') },
    startedAt: record.startedAt,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    ...(record.error ? { error: record.error } : {}),
  };
}

/** Per unit, how many of its tasks the run created, revised and withdrew: whom to notify, and of what. */
export async function changedUnitsOf(planId: string, executionId: string): Promise<Map<string, UnitChanges>> {
  const items = await queryRun(planId, keys.breakdownGoalsPrefix(executionId), [
    'planId', 'executionId', 'goalId', 'createdUnits', 'updatedUnits', 'withdrawnUnits',
  ]);
  const changes = new Map<string, UnitChanges>();
  const add = (units: string[], change: keyof UnitChanges) => {
    for (const unitId of units) {
      const counts = changes.get(unitId) ?? { created: 0, updated: 0, withdrawn: 0 };
      counts[change] += 1;
      changes.set(unitId, counts);
    }
  };
  for (const result of items.map(toGoalResult)) {
    add(result.createdUnits, 'created');
    add(result.updatedUnits, 'updated');
    add(result.withdrawnUnits, 'withdrawn');
  }
  return changes;
}

/** Strongly consistent: read right after the goals wrote their results. */
async function queryRun(planId: string, prefix: string, attributes: string[]) {
  const projection = projectionOf(attributes);
  return queryAll({
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { ...projection.ExpressionAttributeNames, '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': keys.breakdownPartition(planId), ':prefix': prefix },
    ProjectionExpression: `${projection.ProjectionExpression}, #sk`,
    ConsistentRead: true,
  });
}

function notFound(planId: string, executionId: string) {
  return new NotFound(`no breakdown ${executionId} of plan ${planId}`, `计划 ${planId} 没有任务分解 ${executionId}`);
}
