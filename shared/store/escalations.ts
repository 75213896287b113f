import { Conflict, StaleVersion } from '../domain/errors.js';
import {
  chasedStatuses,
  escalationPeriod,
  levelLabels,
  levels,
  type Lateness,
  type LatenessKind,
  type Level,
} from '../domain/lateness.js';
import type { TaskEscalation } from '../domain/task.js';
import type { Item } from './batch.js';
import type { CheckTracking } from './check-dates.js';
import { retryableOnTransient } from './faults.js';
import { keys, OPEN_SHARDS } from './keys.js';
import { mapWithConcurrency } from './pool.js';
import { getPlanSummary } from './plans-repo.js';
import { queryAll } from './query.js';
import { tableName } from './table.js';
import { commitTaskChange, getTaskForChange, type TaskForChange } from './task-changes.js';

/*
 * Escalations (docs/architecture.md "The chase"): a level of the ladder raised for a task, at
 * most once per task and escalation period. Each is its own item, `TASK#<id>` / `ESCALATION#<period>#<level>`,
 * put on the condition that it does not exist yet, in one transaction with the task (version, `escalation`)
 * and its chained audit event `escalated`, with a copy under its chase day for the digests (keys.escalationOfDay).
 */

/** One level raised, as stored: what the day's digest and the task's history need without reading the task. */
export interface Escalation {
  taskId: string;
  planId: string;
  unitId: string;
  level: Level;
  /** `escalationPeriod(lateness)`: `overdue:<deadline>`, `behind:<since>`, `due:<since>`. */
  period: string;
  /** The chase day that raised it. */
  date: string;
  kind: LatenessKind;
  since: string;
  workingDays: number;
  figures: Lateness['figures'];
  raisedAt: string;
  /** The task's title when it was raised: the day's digests list it without reading the task (absent on older items). */
  title?: string;
}

export type RaiseOutcome =
  /** Written: the level item, the task's `escalation`, the `escalated` event (now, or by a failed attempt of the same chase page). */
  | 'raised'
  /** This level (or a higher one) of the period was raised already, by an earlier or a concurrent run: nothing written. */
  | 'already_raised'
  /** The task is no longer in a chased status (closed, close-out requested, withdrawn…): nothing written. */
  | 'not_late_anymore'
  /** The task does not exist (any more). */
  | 'gone'
  /** The task kept changing under us (units reporting): nothing written; the next run decides again. */
  | 'busy';

export interface RaiseEscalation {
  taskId: string;
  level: Level;
  lateness: Lateness;
  /** The chase day (`YYYY-MM-DD`). */
  date: string;
  /** Who raises it, e.g. `chase:<date>`. */
  by: string;
  at: string;
  /**
   * The plan's tracking, for the task's check date on gsi3 (which the escalation itself does not move):
   * the chase has it at hand; without it the plan's summary is read.
   */
  tracking?: CheckTracking | undefined;
  /** The chase page raising it (`chasePageToken`): recorded with the task's `escalation`. */
  page?: string | undefined;
  /**
   * The task as the chase page read it from the index (eventually consistent): the first attempt writes on
   * it, conditioned on its version as every change is, instead of reading the task again. A stale read fails
   * that condition and the task is then read consistently, as without it.
   */
  current?: TaskForChange | undefined;
}

/** The escalation item of this level and period exists already: another run raised it first. */
export class AlreadyRaised extends Conflict {
  override readonly code = 'already_raised';
  constructor(taskId: string, period: string, level: Level) {
    super(
      `Level ${level} of period ${period} was already raised for task ${taskId}`,
      `任务 ${taskId} 在 ${period} 期间已升级至「${levelLabels[level]}」`,
    );
  }
}

/** Reads and commits when a unit's report lands in between (a stale version): the chase is never the one to wait. */
const RAISE_ATTEMPTS = 3;

/**
 * Raises one level of the ladder for a task. The caller (the chase) has decided, from the task as it read
 * it, that the task reached `level` with this `lateness` (`levelReached`, `newLevels`); this checks only that
 * the task still exists and is still chased (on `current`, else on a consistent read), then writes, in one
 * transaction: the task's `escalation` (its version moved on), the chained `escalated` event with the reason
 * and the figures, and the escalation item (conditional: once per task, period and level). No notification:
 * the chase sends one digest per unit per day.
 *
 * Within a period the ladder is only climbed: a level at or below the one the task records for the period
 * answers `already_raised` without a write (a re-run, or a stale decision of a concurrent run), unless an
 * earlier attempt of the same chase page (`input.page`) raised this level: then `raised`, so that the run
 * counts it once.
 * The chase hands over the task as its page read it (`current`), so that an escalation costs no read of
 * its own; without it, or when that read was stale, the task is read consistently.
 * A report committed between the read and the write (StaleVersion) means reading again, up to
 * `RAISE_ATTEMPTS` times, then `busy`. Transient failures (throttling, colliding transactions) are thrown as
 * `RetryableError`.
 */
export function raiseEscalation(input: RaiseEscalation): Promise<RaiseOutcome> {
  let tracking: CheckTracking | undefined;
  // Used once: a retry after a transient failure, or a stale version, reads the task consistently.
  let asRead = input.current;
  return retryableOnTransient(async () => {
    const period = escalationPeriod(input.lateness);
    // The page's own read does not count against the consistent reads allowed.
    for (let attempt = asRead ? 0 : 1; attempt <= RAISE_ATTEMPTS; attempt++) {
      const current = asRead ?? (await getTaskForChange(input.taskId));
      asRead = undefined;
      if (!current) return 'gone';
      if (!chasedStatuses.includes(current.task.status)) return 'not_late_anymore';
      const recorded = current.task.escalation;
      if (recorded?.period === period && rank(recorded.level) >= rank(input.level)) return raisedByPage(recorded, input) ? 'raised' : 'already_raised';
      try {
        tracking ??= input.tracking ?? (await trackingOfPlan(current.task.planId));
        await commitEscalation(current, input, period, tracking);
        return 'raised';
      } catch (error) {
        if (error instanceof AlreadyRaised) return 'already_raised';
        if (!(error instanceof StaleVersion)) throw error;
      }
    }
    return 'busy';
  });
}

const rank = (level: Level) => levels.indexOf(level);

/**
 * This very level was raised by an earlier attempt of the same chase page (a retried page: the attempt
 * wrote, then failed): the run raised it, once, and counts it. A re-run, a concurrent run or another page
 * of the same run has another token.
 */
export function raisedByPage(recorded: TaskEscalation | undefined, raise: { level: Level; page?: string | undefined }): boolean {
  return raise.page !== undefined && recorded?.page === raise.page && recorded.level === raise.level;
}

async function trackingOfPlan(planId: string): Promise<CheckTracking> {
  const plan = await getPlanSummary(planId);
  if (!plan) throw new Error(`plan ${planId} of a stored task does not exist`);
  return plan.tracking;
}

async function commitEscalation(current: TaskForChange, input: RaiseEscalation, period: string, tracking: CheckTracking): Promise<void> {
  const { task } = current;
  const { lateness, level } = input;
  const escalation: TaskEscalation = { level, period, date: input.date, ...(input.page === undefined ? {} : { page: input.page }) };
  const record: Escalation = {
    taskId: task.id,
    planId: task.planId,
    unitId: task.unitId,
    level,
    period,
    date: input.date,
    kind: lateness.kind,
    since: lateness.since,
    workingDays: lateness.workingDays,
    figures: lateness.figures,
    raisedAt: input.at,
    title: task.title,
  };
  await commitTaskChange({
    current,
    changes: { escalation },
    event: {
      type: 'escalated',
      from: { escalation: task.escalation ?? null },
      to: { escalation },
      reason: reasonOf(level, lateness),
      kind: lateness.kind,
      since: lateness.since,
      workingDays: lateness.workingDays,
      figures: lateness.figures,
    },
    by: input.by,
    at: input.at,
    tracking,
    extra: [
      {
        write: { Put: { TableName: tableName(), Item: escalationItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
        onConditionFailed: () => new AlreadyRaised(task.id, period, level),
      },
      // Unconditional: the escalation item's condition above already decides whether this transaction writes.
      { write: { Put: { TableName: tableName(), Item: escalationOfDayItem(record) } } },
    ],
  });
}

/** `催办 / urge: overdue since 2024-11-30, 3 working days`; due soon counts the days left. */
export function reasonOf(level: Level, lateness: Pick<Lateness, 'kind' | 'since' | 'workingDays'>): string {
  const days = `${lateness.workingDays} working day${lateness.workingDays === 1 ? '' : 's'}${lateness.kind === 'due_soon' ? ' left' : ''}`;
  return `${levelLabels[level]} / ${level}: ${lateness.kind} since ${lateness.since}, ${days}`;
}

export function escalationItem(escalation: Escalation): Item {
  return { ...keys.escalation(escalation.taskId, escalation.period, escalation.level), entity: 'escalation', ...escalation };
}

export function escalationOfDayItem(escalation: Escalation): Item {
  return { ...keys.escalationOfDay(escalation.date, escalation.unitId, escalation.taskId, escalation.level), entity: 'escalation_of_day', ...escalation };
}

const fieldOrder: readonly (keyof Escalation)[] = [
  'taskId', 'planId', 'unitId', 'level', 'period', 'date', 'kind', 'since', 'workingDays', 'figures', 'raisedAt', 'title',
];

export function fromEscalationItem(item: Item): Escalation {
  return Object.fromEntries(fieldOrder.filter((name) => name in item).map((name) => [name, item[name]])) as unknown as Escalation;
}

/**
 * The levels raised for a task, in one period or all of them: one consistent Query on the task's partition.
 * Ordered by period (as the keys sort), then up the ladder.
 */
export function escalationsOfTask(taskId: string, period?: string): Promise<Escalation[]> {
  return retryableOnTransient(async () => {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':prefix': keys.escalationsPrefix(period) },
      ConsistentRead: true,
    });
    // The sort key orders a period's levels by name; the ladder orders them by rank.
    return items
      .map(fromEscalationItem)
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : rank(a.level) - rank(b.level)));
  });
}

/**
 * Every escalation raised on a chase day, for the digests: one consistent Query per shard of the day
 * (whatever the pages just wrote is there), ordered by unit, then task, then level name, so each unit's
 * escalations come together.
 */
export function escalationsOfDay(date: string): Promise<Escalation[]> {
  return retryableOnTransient(async () => {
    const shards = Array.from({ length: OPEN_SHARDS }, (_, shard) => shard);
    const items = await mapWithConcurrency(shards, OPEN_SHARDS, (shard) =>
      queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.escalationsOfDayPartition(date, shard) },
        ConsistentRead: true,
      }),
    );
    return items
      .flat()
      .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1))
      .map(fromEscalationItem);
  });
}
