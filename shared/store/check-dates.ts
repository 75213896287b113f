import { CalendarYearMissing, type WorkCalendar } from '../domain/calendar.js';
import { calendarForYears } from '../domain/calendars.js';
import { nextCheckDate } from '../domain/check-date.js';
import { chasedStatuses } from '../domain/lateness.js';
import type { Task } from '../domain/task.js';
import type { Tracking } from '../domain/tracking.js';
import { keys } from './keys.js';

/*
 * The one place that computes a task's check date for the chase's index (gsi3, docs/architecture.md
 * "The chase"): every write of a task (the breakdown's creates, revisions and reinstatements,
 * `commitTaskChange`) takes its gsi3 keys from here, so the index holds a task exactly while it is chased,
 * keyed by the day it may first be late.
 */

/** What the check date needs of the plan's tracking. */
export type CheckTracking = Pick<Tracking, 'margin' | 'ladder'>;

/**
 * `nextCheckDate` with the shipped calendar of the deadline's year (the only one it needs; an approved
 * extension may move the deadline past the task's plan year). `null`: not chased, out of the index.
 *
 * A year without a shipped calendar must not break a breakdown or a report: such a task is checked from
 * its deadline, as gsi3 was keyed before the chase (a decision of the chase's design). Without a calendar no working day
 * can be counted (neither the reminder's span nor the ladder), so reading the task earlier would tell
 * the chase nothing it can act on; from the deadline on, the chase at least sees it. Once the year's
 * calendar ships, the task's next write keys it by its real check date.
 */
export function checkDateOf(task: Task, tracking: CheckTracking): string | null {
  if (!chasedStatuses.includes(task.status)) return null;
  let calendar: WorkCalendar;
  try {
    calendar = calendarForYears([Number(task.deadline.slice(0, 4))]);
  } catch (error) {
    if (!(error instanceof CalendarYearMissing)) throw error;
    return task.deadline;
  }
  return nextCheckDate(task, calendar, tracking);
}

/** The task's gsi3 keys, or undefined when it is not chased (a writer then removes them). */
export function openTaskKeys(task: Task, tracking: CheckTracking): ReturnType<typeof keys.openTask> | undefined {
  const checkDate = checkDateOf(task, tracking);
  return checkDate === null ? undefined : keys.openTask(task.year, task.id, checkDate);
}
