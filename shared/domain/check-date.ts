import { type WorkCalendar, workingDaysBetween } from './calendar.js';
import { chasedStatuses, dueSoonFrom as dueSoonStart, isDone, type LatenessTask } from './lateness.js';
import { lightOf } from './light.js';
import type { Task } from './task.js';
import type { Tracking } from './tracking.js';

/*
 * The next check date of a task (docs/architecture.md "The chase"): the key of the chase's
 * index of open tasks (gsi3, `<checkDate>#<taskId>`), read with `checkDate ≤ today`, so that tasks on
 * track are never read. Pure, and exact: with the task as it is now (its progress, deadline, milestones
 * and status, which the chase re-reads every time), `lateness` is null on every day from 1 January of
 * the task's year up to the day before the check date, and not null on the check date. Any write that
 * changes one of those, or the plan's margin or ladder, must recompute it.
 */

/**
 * The first day, on or after 1 January of the deadline's year, on which `lateness(task, day, calendar,
 * tracking)` is not null, given the task as it is now; `null` when the task is not chased (its status
 * not in `chasedStatuses`: the caller removes it from the index). The earliest of:
 *
 * - behind: the first day the light is yellow. For a quantity the expected share changes only on
 *   milestone dates, so that is the first milestone (on or before the deadline) whose share the
 *   progress falls short of by more than the margin (asked of `lightOf`, the same rule `lateness` uses);
 *   1 January when a milestone before the year already does. An indicator's reading is judged whatever
 *   the day (`lateness` does not look at when it was taken), so an indicator off its target is behind
 *   from 1 January, not only from its report's `asOf`.
 * - due soon (the work not done: a quantity short of its target, an action not complete, any
 *   indicator): the first day at most `remindBefore` working days before the deadline — the day
 *   `lateness` gives as `since` — or 1 January when that day falls before the year.
 * - overdue: the day after the deadline (a calendar day: overdue by 0 working days is still overdue).
 *
 * Between these days `lateness` does not change between null and not null, so no day-by-day search is
 * needed. The date may be before today: the task is late now and the chase reads it on its next run.
 * It needs the calendar of the deadline's year only. With plan-valid milestones (shares that do not
 * shrink) a task stays late every day after it, until a write changes it.
 */
export function nextCheckDate(
  task: LatenessTask & Pick<Task, 'status'>,
  calendar: WorkCalendar,
  tracking: Pick<Tracking, 'margin' | 'ladder'>,
): string | null {
  if (!chasedStatuses.includes(task.status)) return null;
  const yearStart = `${task.deadline.slice(0, 4)}-01-01`;
  const candidates = [
    behindFrom(task, yearStart, tracking.margin),
    isDone(task) ? undefined : dueSoonFrom(calendar, task.deadline, yearStart, tracking.ladder.remindBefore),
    dayAfter(task.deadline),
  ].filter((date): date is string => date !== undefined);
  return candidates.reduce((earliest, date) => (date < earliest ? date : earliest));
}

/**
 * The first day from `yearStart` to the deadline on which the light is yellow. Up to the deadline the
 * light depends on the day only through the milestones on or before it, so it can change only on a
 * milestone's date: the days to ask are `yearStart` and those dates.
 */
function behindFrom(task: LatenessTask, yearStart: string, margin: number): string | undefined {
  const dates = [...new Set(task.milestones.map((m) => m.date).filter((date) => date > yearStart && date <= task.deadline))].sort();
  return [yearStart, ...dates].find((date) => lightOf(task, date, margin) === 'yellow');
}

/**
 * The first day D from `yearStart` with at most `remindBefore` working days in (D, deadline], the test
 * `lateness` applies. That count never grows as D moves on, so the days are one span up to the deadline,
 * starting on `yearStart` when the count from it is small enough, else on the working day with exactly
 * `remindBefore` working days after it up to the deadline's last working day. Both stay in the
 * deadline's year: the previous year's calendar is not needed.
 */
function dueSoonFrom(calendar: WorkCalendar, deadline: string, yearStart: string, remindBefore: number): string {
  if (workingDaysBetween(calendar, yearStart, deadline) <= remindBefore) return yearStart;
  // More than remindBefore ≥ 0 working days after yearStart: the deadline's year has a working day on or before it.
  return dueSoonStart(calendar, deadline, remindBefore);
}

const DAY_MS = 86_400_000;

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
