import { lightOf, lights, type Light, type LightTask } from '../../shared/domain/light.js';
import type { Task } from '../../shared/domain/task.js';

/*
 * A plan's progress as the public may see it (信息公开, docs/architecture.md "Year-end assessment", API):
 * counts, rates and lights only. Every answer is built field by field from named values, never by
 * spreading a stored item, so a field added to tasks or plans later cannot reach the public by accident.
 */

export type ProgressTask = LightTask & Pick<Task, 'goalId' | 'unitId'>;

export interface ProgressPlan {
  planId: string;
  name: string;
  year: number;
  /** The plan's warning margin (`tracking.margin`): what makes a light yellow. */
  margin: number;
  goals: readonly { id: string; title: string }[];
  units: readonly { id: string; name: string }[];
}

export interface Figures {
  tasks: number;
  closed: number;
  /** closed / tasks, 4 decimals; null without tasks. */
  completionRate: number | null;
  /** Lights of the open (not closed) tasks on `asOf`. */
  lights: Record<Light, number>;
}

export interface PublicProgress {
  planId: string;
  name: string;
  year: number;
  asOf: string;
  units: (Figures & { unitId: string; unitName: string })[];
  goals: (Figures & { goalId: string; title: string })[];
}

/** Per unit and per goal, in plan order; withdrawn tasks are no one's work and are left out. */
export function publicProgress(plan: ProgressPlan, tasks: readonly ProgressTask[], asOf: string): PublicProgress {
  const byUnit = tally(plan.units.map((unit) => unit.id), tasks, (task) => task.unitId, asOf, plan.margin);
  const byGoal = tally(plan.goals.map((goal) => goal.id), tasks, (task) => task.goalId, asOf, plan.margin);
  return {
    planId: plan.planId,
    name: plan.name,
    year: plan.year,
    asOf,
    units: plan.units.map((unit) => ({ unitId: unit.id, unitName: unit.name, ...byUnit.get(unit.id)! })),
    goals: plan.goals.map((goal) => ({ goalId: goal.id, title: goal.title, ...byGoal.get(goal.id)! })),
  };
}

/** Figures per key; tasks of a key the plan no longer lists (a revision dropped it) are not shown. */
function tally(
  ids: readonly string[],
  tasks: readonly ProgressTask[],
  keyOf: (task: ProgressTask) => string,
  asOf: string,
  margin: number,
): Map<string, Figures> {
  const counts = new Map(ids.map((id) => [id, { tasks: 0, closed: 0, lights: { green: 0, yellow: 0, red: 0 } }]));
  for (const task of tasks) {
    const figures = counts.get(keyOf(task));
    const light = lightOf(task, asOf, margin);
    if (!figures || light === null) continue;
    figures.tasks++;
    if (task.status === 'closed') figures.closed++;
    else figures.lights[light]++;
  }
  return new Map(
    [...counts].map(([id, { tasks: total, closed, lights: counted }]) => [
      id,
      {
        tasks: total,
        closed,
        completionRate: total === 0 ? null : Math.round((closed / total) * 10_000) / 10_000,
        lights: Object.fromEntries(lights.map((light) => [light, counted[light]])) as Record<Light, number>,
      },
    ]),
  );
}
