import { isWorkingDay, workingDaysBetween } from '../domain/calendar.js';
import type { TaskAction } from '../domain/lifecycle.js';
import type { ProgressReport } from '../domain/progress.js';
import { meetsTarget } from '../domain/target.js';
import type { TaskStatus } from '../domain/task.js';
import { type PlannedReport, type PlanSettings, type SimTask, type TaskPlan, taskPlanOf } from './task-plan.js';

/*
 * One simulated working day: what the units and the bureau do, given the tasks as they stand that
 * morning. The units file the reports their plans have due (dated that day) and ask for close-out when
 * the work is done; the bureau accepts and closes after the delays the profile drew. Everything is read
 * off the task's status and progress, so the day's actions follow from the data alone.
 */

/** The note every simulated report carries, so that synthetic figures are never mistaken for real ones. */
export const SIMULATED_NOTE = 'simulated / 模拟数据';

export type SimStep =
  | { action: Extract<TaskAction, 'report'>; report: ProgressReport }
  | { action: Extract<TaskAction, 'request_closeout' | 'accept' | 'close'> };

/** The steps on one task that day, to be taken in order (each at the version the previous one left). */
export interface TaskDay {
  taskId: string;
  unitId: string;
  steps: SimStep[];
}

export interface DaySettings extends PlanSettings {
  /** The plan's review levels: with 2 an accepted task still waits for the bureau's closing. */
  reviewLevels: 1 | 2;
}

/**
 * The planner of one run: what the units and the bureau do on a day, task by task in id order, given the
 * tasks as they stand that morning; nothing on a day off. Each task's plan is drawn once, on first sight:
 * it depends on the seed and the task's facts (kind, target, dates), which a run does not change.
 */
export function dayPlanner(settings: DaySettings): (tasks: readonly SimTask[], day: string) => TaskDay[] {
  const plans = new Map<string, TaskPlan>();
  const planOf = (task: SimTask) => {
    let plan = plans.get(task.id);
    if (!plan) plans.set(task.id, (plan = taskPlanOf(task, settings)));
    return plan;
  };
  return (tasks, day) => {
    if (!isWorkingDay(settings.calendar, day)) return [];
    const days: TaskDay[] = [];
    for (const task of [...tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const steps = stepsOf(task, planOf(task), day, settings);
      if (steps.length > 0) days.push({ taskId: task.id, unitId: task.unitId, steps });
    }
    return days;
  };
}

const reportable: readonly TaskStatus[] = ['assigned', 'in_progress'];

function stepsOf(task: SimTask, plan: TaskPlan, day: string, settings: DaySettings): SimStep[] {
  const steps: SimStep[] = [];
  let { status, progress } = task;
  const due = dueReport(plan.reports, day);
  if (reportable.includes(status) && due && day.startsWith(`${task.year}-`) && (progress?.asOf ?? '') < due.date) {
    const { date: _date, ...figures } = due;
    const report: ProgressReport = { asOf: day, ...figures, note: SIMULATED_NOTE };
    steps.push({ action: 'report', report });
    progress = report;
    status = 'in_progress';
  }
  if (!progress) return steps;
  if (reportable.includes(status) && isDone(task, progress)) {
    steps.push({ action: 'request_closeout' });
    status = 'closeout_requested';
  }
  // The close-out was asked for on the day of the completing report.
  const waited = workingDaysBetween(settings.calendar, progress.asOf, day);
  if (status === 'closeout_requested' && waited >= plan.profile.acceptAfter) {
    steps.push({ action: 'accept' });
    status = settings.reviewLevels === 2 ? 'accepted' : 'closed';
  }
  if (status === 'accepted' && waited >= plan.profile.acceptAfter + plan.profile.closeAfter) steps.push({ action: 'close' });
  return steps;
}

/** The latest report due by the day: reports are cumulative, so one that was missed is covered by it. */
function dueReport(reports: readonly PlannedReport[], day: string): PlannedReport | undefined {
  let due: PlannedReport | undefined;
  for (const report of reports) if (report.date <= day) due = report;
  return due;
}

/** Done as the unit sees it: the target reached, the action complete, the year's value on the right side of the target. */
export function isDone(task: Pick<SimTask, 'kind' | 'target' | 'direction' | 'year'>, progress: NonNullable<SimTask['progress']>): boolean {
  const target = task.target ?? 0;
  if (task.kind === 'quantity') return (progress.done ?? 0) >= target;
  if (task.kind === 'action') return progress.complete === true;
  if (progress.period !== String(task.year) || progress.value === undefined) return false;
  return meetsTarget(task.direction ?? 'at_most', progress.value, target);
}
