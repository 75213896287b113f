import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock/clock.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { calendarForYears, shippedYears } from '../domain/calendars.js';
import { escalationPeriod, lateness, levelReached, levels, newLevels, type Level } from '../domain/lateness.js';
import type { Tracking } from '../domain/tracking.js';
import { type RaiseOutcome, raisedByPage, raiseEscalation } from '../store/escalations.js';
import { retryableOnTransient } from '../store/faults.js';
import { mapWithConcurrency } from '../store/pool.js';
import { getPlanSummary } from '../store/plans-repo.js';
import { openTasksDueBy } from '../store/open-tasks.js';

/*
 * One page of the chase (docs/architecture.md "The chase"): the open tasks of one gsi3 shard
 * whose sort key (a check date, or the deadline before the index is re-keyed) is on or before the chase
 * day, each judged by the domain rules and escalated one level at most.
 */

export interface ChasePageInput {
  year: number;
  shard: number;
  /** The chase day, `YYYY-MM-DD`. */
  date: string;
  /** `nextKey` of the previous page of this shard. */
  startKey?: Record<string, unknown>;
  /** Items read at most (the Query's Limit). */
  pageSize: number;
  /**
   * The run (the execution's name): with the shard and the start key, the page's token on what it raises
   * (`chasePageToken`), so that a retried page counts what its failed attempt raised. Absent: not counted.
   */
  run?: string;
}

export interface ChasePageResult {
  /** Tasks read. */
  examined: number;
  /** Levels raised by this page. */
  raised: Record<Level, number>;
  /** What each raise attempted answered. */
  outcomes: Record<RaiseOutcome, number>;
  /** Present while the shard has more to read. */
  nextKey?: Record<string, unknown>;
}

export interface ChasePageDeps {
  clock?: Clock;
}

/** Escalations written at once within a page. */
const RAISE_CONCURRENCY = 8;

const raiseOutcomes: readonly RaiseOutcome[] = ['raised', 'already_raised', 'not_late_anymore', 'gone', 'busy'];

export const zeroLevels = (): Record<Level, number> => Object.fromEntries(levels.map((level) => [level, 0])) as Record<Level, number>;
const zeroOutcomes = (): Record<RaiseOutcome, number> =>
  Object.fromEntries(raiseOutcomes.map((outcome) => [outcome, 0])) as Record<RaiseOutcome, number>;

/**
 * Reads one page of the shard `OPEN#<year>#<shard>` up to the day, and for each task: the plan's tracking
 * (read once per plan within the call), the working-day calendar, `lateness`, `levelReached`; the level the
 * task records for the same period counts as raised; `newLevels` → `raiseEscalation` (by `chase:<date>`).
 * Idempotent: a re-run finds the levels raised and answers `already_raised` without writing.
 */
export async function chasePage(input: ChasePageInput, deps: ChasePageDeps = {}): Promise<ChasePageResult> {
  const clock = deps.clock ?? systemClock;
  const page = await openTasksDueBy(input);
  const read = page.tasks;
  const trackings = new Map<string, Promise<Tracking>>();
  const trackingOf = (planId: string) => {
    let tracking = trackings.get(planId);
    if (!tracking) {
      tracking = retryableOnTransient(() => getPlanSummary(planId)).then((plan) => {
        if (!plan) throw new Error(`plan ${planId} of a stored task does not exist`);
        return plan.tracking;
      });
      trackings.set(planId, tracking);
    }
    return tracking;
  };
  const at = clock.now().toISOString();
  const token = input.run === undefined ? undefined : chasePageToken({ ...input, run: input.run });
  const raised = zeroLevels();
  const outcomes = zeroOutcomes();
  await mapWithConcurrency(read, RAISE_CONCURRENCY, async (current) => {
    const { task } = current;
    const tracking = await trackingOf(task.planId);
    const late = lateness(task, input.date, calendarFor(task.year, input.date), tracking);
    if (!late) return;
    const reached = levelReached(late, tracking.ladder);
    if (!reached) return;
    const period = escalationPeriod(late);
    const already = task.escalation?.period === period ? [task.escalation.level] : [];
    if (already.length > 0 && raisedByPage(task.escalation, { level: reached, page: token })) {
      // A failed attempt of this very page raised it: counted once, by the attempt that succeeds.
      outcomes.raised++;
      raised[reached]++;
      return;
    }
    for (const level of newLevels(reached, already)) {
      const outcome = await raiseEscalation({ taskId: task.id, level, lateness: late, date: input.date, by: `chase:${input.date}`, at, tracking, page: token, current });
      outcomes[outcome]++;
      if (outcome === 'raised') raised[level]++;
    }
  });
  return {
    examined: read.length,
    raised,
    outcomes,
    ...(page.nextKey ? { nextKey: page.nextKey } : {}),
  };
}

/**
 * What a page's escalations are marked with: its run, shard and start key. A retried page (same input)
 * has the same token; a re-run, a concurrent run and any other page have another.
 */
export function chasePageToken(input: Pick<ChasePageInput, 'year' | 'shard' | 'startKey'> & { run: string }): string {
  const start = input.startKey
    ? createHash('sha256')
        .update(JSON.stringify(Object.entries(input.startKey).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
        .digest('base64url')
        .slice(0, 16)
    : 'first';
  return `${input.run}#${input.year}-${input.shard}#${start}`;
}

/** The task's year, and the chase day's when a calendar for it ships (an overdue task counts into the next year). */
function calendarFor(taskYear: number, date: string): WorkCalendar {
  const dateYear = Number(date.slice(0, 4));
  return calendarForYears(shippedYears.includes(dateYear) ? [taskYear, dateYear] : [taskYear]);
}
