import type { Item } from './batch.js';
import { keys } from './keys.js';

/**
 * Items of a plan's breakdown partition `PLAN#<planId>#BREAKDOWNS`: the lock (one per plan), one record
 * per run, and one result per goal of a run.
 */

export const breakdownStatuses = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type BreakdownStatus = (typeof breakdownStatuses)[number];

export interface TaskCounts {
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
}

export interface TaskTotals extends TaskCounts {
  /** Tasks the goals now have: created + updated + unchanged (withdrawn ones no longer count). */
  total: number;
}

/** The Step Functions error shape, as a Catch hands it over. */
export interface BreakdownError {
  Error: string;
  Cause: string;
}

export interface BreakdownLock {
  planId: string;
  executionId: string;
  revision: number;
  acquiredAt: string;
  /** Epoch seconds: the lock condition compares it, and the table's TTL removes stale locks eventually. */
  expiresAt: number;
}

export interface BreakdownRecord {
  planId: string;
  executionId: string;
  revision: number;
  status: BreakdownStatus;
  goalsTotal: number;
  startedAt: string;
  startedBy: string;
  finishedAt?: string;
  tasks?: TaskTotals;
  error?: BreakdownError;
}

export interface GoalResult extends TaskCounts {
  planId: string;
  executionId: string;
  goalId: string;
  /** Units whose task of this goal was created, revised or withdrawn: one task per unit and goal, so counting goals counts tasks. */
  createdUnits: string[];
  updatedUnits: string[];
  withdrawnUnits: string[];
  recordedAt: string;
}

export function lockItem(lock: BreakdownLock): Item {
  return { ...keys.breakdownLock(lock.planId), entity: 'breakdownLock', ...lock };
}

export function breakdownItem(record: BreakdownRecord): Item {
  return { ...keys.breakdown(record.planId, record.executionId), entity: 'breakdown', ...record };
}

export function goalResultItem(result: GoalResult): Item {
  const { createdUnits, updatedUnits, withdrawnUnits, ...rest } = result;
  return {
    ...keys.breakdownGoal(result.planId, result.executionId, result.goalId),
    entity: 'breakdownGoal',
    ...rest,
    // String sets, which may not be empty: an empty list is left out.
    ...stringSet('createdUnits', createdUnits),
    ...stringSet('updatedUnits', updatedUnits),
    ...stringSet('withdrawnUnits', withdrawnUnits),
  };
}

export function toGoalResult(item: Item): GoalResult {
  const units = (name: string) => [...((item[name] as Set<string> | undefined) ?? [])];
  return {
    planId: item.planId,
    executionId: item.executionId,
    goalId: item.goalId,
    created: item.created,
    updated: item.updated,
    unchanged: item.unchanged,
    withdrawn: item.withdrawn,
    createdUnits: units('createdUnits'),
    updatedUnits: units('updatedUnits'),
    withdrawnUnits: units('withdrawnUnits'),
    recordedAt: item.recordedAt,
  };
}

export function toBreakdownRecord(item: Item): BreakdownRecord {
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = item;
  return record as BreakdownRecord;
}

function stringSet(name: string, values: readonly string[]): Item {
  return values.length > 0 ? { [name]: new Set(values) } : {};
}
