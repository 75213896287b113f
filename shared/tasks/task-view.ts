import type { Clock } from '../clock/clock.js';
import { lightOf, type Light } from '../domain/light.js';
import type { Task } from '../domain/task.js';
import { settingsOfPlans, type PlanSettings } from './plan-settings.js';

/** A task as the API shows it: with its traffic light as of today in its plan's calendar. */
export type TaskView = Task & { light: Light | null };

export function viewOf(task: Task, settings: PlanSettings): TaskView {
  return { ...task, light: lightOf(task, settings.today, settings.tracking.margin) };
}

export async function viewsOf(tasks: readonly Task[], clock: Clock): Promise<TaskView[]> {
  const settings = await settingsOfPlans(tasks.map((task) => task.planId), clock);
  return tasks.map((task) => viewOf(task, settings.get(task.planId)!));
}
