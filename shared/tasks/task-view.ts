import type { Clock } from '../clock/clock.js';
import { CalendarYearMissing, workingDaysBetween } from '../domain/calendar.js';
import { calendarForYears } from '../domain/calendars.js';
import { lightOf, type Light } from '../domain/light.js';
import { openStatuses, type Task } from '../domain/task.js';
import { settingsOfPlans, type PlanSettings } from './plan-settings.js';

/**
 * A task as the API shows it: with its traffic light as of today in its plan's calendar, and the working
 * days from today to its deadline while it is open (negative once overdue).
 */
export type TaskView = Task & { light: Light | null; workingDaysLeft: number | null };

export function viewOf(task: Task, settings: PlanSettings): TaskView {
  return { ...task, light: lightOf(task, settings.today, settings.tracking.margin), workingDaysLeft: workingDaysLeft(task, settings.today) };
}

/** Null for a task no longer open, or when the shipped calendars do not cover the days to count. */
function workingDaysLeft(task: Task, today: string): number | null {
  if (!openStatuses.includes(task.status)) return null;
  const [from, to] = [today, task.deadline].sort();
  const years = [];
  for (let year = Number(from!.slice(0, 4)); year <= Number(to!.slice(0, 4)); year++) years.push(year);
  try {
    return workingDaysBetween(calendarForYears(years), today, task.deadline);
  } catch (error) {
    if (error instanceof CalendarYearMissing) return null;
    throw error;
  }
}

export async function viewsOf(tasks: readonly Task[], clock: Clock): Promise<TaskView[]> {
  const settings = await settingsOfPlans(tasks.map((task) => task.planId), clock);
  return tasks.map((task) => viewOf(task, settings.get(task.planId)!));
}
