import { addWorkingDays, isWorkingDay, type WorkCalendar, workingDaysBetween } from './calendar.js';
import { expectedShare, indicatorOff, lightOf, type LightTask } from './light.js';
import type { Direction } from './plan.js';
import type { Task, TaskProgress, TaskStatus } from './task.js';
import { type Ladder, ladderSteps, type Tracking } from './tracking.js';

/*
 * What counts as late, and how far up the ladder (提醒 → 催办 → 督办 → 通报 → 约谈) a late task has
 * climbed. Pure: dates are `YYYY-MM-DD` strings, `today` is a parameter, working days come
 * from the calendar. What is behind is what the traffic light calls yellow (shared/domain/light.ts):
 * the same expected share and the same margin rules, asked of `lightOf` rather than written twice.
 */

export const levels = ['remind', 'urge', 'supervise', 'notice', 'summon'] as const;
export type Level = (typeof levels)[number];

export const levelLabels: Readonly<Record<Level, string>> = {
  remind: '提醒',
  urge: '催办',
  supervise: '督办',
  notice: '通报',
  summon: '约谈',
};

/**
 * The statuses the chase chases. Not `accepted`: the lead department has accepted the work and only the
 * bureau's closing is left, so for chasing the task is done. Not `closeout_requested`: the unit has
 * declared it done and the reviewers are on it (a rejection puts it back in progress).
 */
export const chasedStatuses: readonly TaskStatus[] = ['assigned', 'in_progress'];

export type LatenessTask = LightTask;

/** The figures that made a task late, recorded with the escalation (the audit trail says why). */
export interface OverdueFigures {
  deadline: string;
}
export interface QuantityBehindFigures {
  /** 序时进度: the share due by today (of the latest milestone on or before it). */
  expectedShare: number;
  /** done / target. */
  actualShare: number;
  done: number;
  target: number;
  /** The date of the milestone `expectedShare` comes from. */
  milestone: string;
}
export interface IndicatorBehindFigures {
  value: number;
  target: number;
  direction: Direction;
}
export interface DueSoonFigures {
  deadline: string;
  /** Working days from today to the deadline: after today, up to and including the deadline. */
  daysLeft: number;
}

interface LatenessOf<Kind extends string, Figures> {
  kind: Kind;
  /** The day this spell of lateness began; with `kind` it names the escalation period. */
  since: string;
  /** overdue, behind: working days since `since` (after it, up to and including today); due_soon: days left. */
  workingDays: number;
  figures: Figures;
}

export type Lateness =
  | LatenessOf<'overdue', OverdueFigures>
  | LatenessOf<'behind', QuantityBehindFigures | IndicatorBehindFigures>
  | LatenessOf<'due_soon', DueSoonFigures>;
export type LatenessKind = Lateness['kind'];

/**
 * Whether, and how, a task is late today; `null` when it is on track or not the unit's to chase.
 * One kind at a time: overdue wins over behind, behind over due soon.
 *
 * - Not chased (null): a task not in `chasedStatuses`: withdrawn, closed, accepted (counts as done for
 *   chasing) or with its close-out requested.
 * - overdue: today is after the deadline. Since the deadline; a deadline on a Saturday and today the
 *   Monday after is 1 working day.
 * - behind: a quantity whose reported share is more than the margin short of the share due by today
 *   (序时进度), since the earliest milestone it is still that far short of: a task behind since the first
 *   quarter keeps counting from it while it stays behind, and one that caught up with it and fell behind
 *   a later milestone counts from that one. An indicator whose latest value is on the wrong side of its
 *   target by more than margin × |target|, since the first report of that spell off target
 *   (`progress.offTargetSince`, see `offTargetSince`), else that report's `asOf`. An action is never behind.
 * - due_soon: not done (a quantity short of its target, an action not reported complete, any indicator:
 *   it is judged on the year's value) and at most `ladder.remindBefore` working days before the deadline.
 *   Since the first day that holds; `workingDays` counts the days left.
 */
export function lateness(
  task: LatenessTask,
  today: string,
  calendar: WorkCalendar,
  tracking: Pick<Tracking, 'margin' | 'ladder'>,
): Lateness | null {
  if (!chasedStatuses.includes(task.status)) return null;
  if (today > task.deadline)
    return {
      kind: 'overdue',
      since: task.deadline,
      workingDays: workingDaysBetween(calendar, task.deadline, today),
      figures: { deadline: task.deadline },
    };
  // Neither closed nor overdue: the light is yellow exactly when the task is behind.
  if (lightOf(task, today, tracking.margin) === 'yellow') {
    const behind = task.kind === 'quantity' ? quantityBehind(task, today, tracking.margin) : indicatorBehind(task);
    if (behind)
      return { kind: 'behind', since: behind.since, workingDays: sinceDays(calendar, behind.since, today), figures: behind.figures };
  }
  return dueSoon(task, today, calendar, tracking.ladder.remindBefore);
}

interface Behind<Figures> {
  since: string;
  figures: Figures;
}

function quantityBehind(task: LatenessTask, today: string, margin: number): Behind<QuantityBehindFigures> | undefined {
  const target = task.target ?? 0;
  const done = task.progress?.done ?? 0;
  const passed = [...new Set(task.milestones.map((m) => m.date).filter((date) => date <= today))].sort();
  // As the light would have seen it on that milestone's day with the progress reported now.
  const since = passed.find((date) => lightOf(task, date, margin) === 'yellow');
  const milestone = passed.at(-1);
  if (since === undefined || milestone === undefined) return undefined;
  return {
    since,
    figures: { expectedShare: expectedShare(task.milestones, today), actualShare: done / target, done, target, milestone },
  };
}

function indicatorBehind(task: LatenessTask): Behind<IndicatorBehindFigures> | undefined {
  const progress = task.progress;
  if (progress?.value === undefined || task.target === null || task.direction === undefined) return undefined;
  return { since: progress.offTargetSince ?? progress.asOf, figures: { value: progress.value, target: task.target, direction: task.direction } };
}

function dueSoon(task: LatenessTask, today: string, calendar: WorkCalendar, remindBefore: number): Lateness | null {
  if (isDone(task)) return null;
  const daysLeft = workingDaysBetween(calendar, today, task.deadline);
  if (daysLeft > remindBefore) return null;
  return {
    kind: 'due_soon',
    since: dueSoonFrom(calendar, task.deadline, remindBefore),
    workingDays: daysLeft,
    figures: { deadline: task.deadline, daysLeft },
  };
}

/**
 * The first day a task counts as due soon: `remindBefore` working days before the deadline, counted
 * from the last working day on or before it. For a deadline on a working day that is
 * `addWorkingDays(deadline, −remindBefore)`; for one on a Sunday the Friday before counts as its
 * day 0, as it does for the days left (nothing is left to do on the weekend).
 */
export function dueSoonFrom(calendar: WorkCalendar, deadline: string, remindBefore: number): string {
  const lastWorkingDay = isWorkingDay(calendar, deadline) ? deadline : addWorkingDays(calendar, deadline, -1);
  return addWorkingDays(calendar, lastWorkingDay, -remindBefore);
}

/** Whether the unit has done the work (due soon no longer applies): an indicator never is before it closes. */
export function isDone(task: LatenessTask): boolean {
  if (task.kind === 'quantity') return (task.progress?.done ?? 0) >= (task.target ?? 0);
  if (task.kind === 'action') return task.progress?.complete === true;
  return false;
}

/** A report dated after today (a clock a day ahead) counts as 0 days, not as negative ones. */
function sinceDays(calendar: WorkCalendar, since: string, today: string): number {
  return Math.max(0, workingDaysBetween(calendar, since, today));
}

/**
 * The level a late task has reached today: due soon → 提醒; overdue or behind → the highest of
 * 催办/督办/通报/约谈 whose threshold (working days) it has reached, `null` before 催办.
 */
export function levelReached(late: Pick<Lateness, 'kind' | 'workingDays'>, ladder: Ladder): Level | null {
  if (late.kind === 'due_soon') return 'remind';
  let reached: Level | null = null;
  // The ladder's steps are named after their levels.
  for (const step of ladderSteps) if (late.workingDays >= ladder[step]) reached = step;
  return reached;
}

/**
 * The period within which each level is reached at most once: `overdue:<deadline>`, `behind:<since>`,
 * `due:<since>`. A task that catches up and falls behind again at a later milestone starts a new period,
 * and so does one whose deadline an approved extension moved. So does missing the deadline: a task behind
 * since the first quarter, 约谈 long ago, is overdue from the day after its deadline and climbs again
 * from 催办 (overdue wins over behind, and counts from the deadline).
 */
export function escalationPeriod(late: Pick<Lateness, 'kind' | 'since'>): string {
  return `${late.kind === 'due_soon' ? 'due' : late.kind}:${late.since}`;
}

/**
 * The levels to record today for a task that has reached `reached`, given those already raised in this
 * period: `reached` alone, unless it (or a higher level) was raised already. Lower levels passed over are
 * not back-filled: when the chase missed days, or first runs mid-year, a task 12 working days late gets
 * 通报 directly, without 催办 and 督办. Each unit gets one message a day, and the level that matters is
 * the one it has reached; three escalations at once would say the same thing three times. A level below
 * one already raised (a plan revision that lengthened the ladder) is not recorded either: within a period
 * the ladder is only climbed.
 */
export function newLevels(reached: Level, alreadyRaised: readonly Level[]): Level[] {
  const rank = levels.indexOf(reached);
  return alreadyRaised.some((level) => levels.indexOf(level) >= rank) ? [] : [reached];
}

/**
 * When an indicator's spell off target began, for the report `progress` that follows the task's current
 * one: the previous spell's start when both readings are off target (re-reporting a bad value does not
 * restart the ladder), the new report's `asOf` when it is the first one off target, undefined when it is
 * on target (and for quantities and actions, which are judged on milestones, not on readings).
 */
export function offTargetSince(
  task: Pick<Task, 'kind' | 'target' | 'direction' | 'progress'>,
  progress: TaskProgress,
  margin: number,
): string | undefined {
  if (task.kind !== 'indicator' || !indicatorOff({ ...task, progress }, margin)) return undefined;
  return task.progress !== null && indicatorOff(task, margin) ? (task.progress.offTargetSince ?? task.progress.asOf) : progress.asOf;
}
