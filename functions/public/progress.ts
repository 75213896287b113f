import type { Light, LightTask } from '../../shared/domain/light.js';
import { figuresOf, goalRow, summaryOfTasks, unitRow, type Counters, type Figures as SummaryFigures } from '../../shared/domain/plan-summary.js';
import type { Task } from '../../shared/domain/task.js';

/*
 * A plan's progress as the public may see it (信息公开, docs/architecture.md "HTTP API: every route"):
 * counts, rates and lights only, from the plan's summary (decision 0017). Every answer is built field by
 * field from named values, never by spreading a stored item, so a field added to tasks, plans or the
 * summary later cannot reach the public by accident.
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

/** The summary's answer, or what `publicFigures` needs of it. */
export interface SummaryOfPlan {
  planId: string;
  name: string;
  year: number;
  today: string;
  units: readonly (SummaryFigures & { unitId: string; unitName: string })[];
  goals: readonly (SummaryFigures & { goalId: string; title: string })[];
}

/** Per unit and per goal, in plan order, from the plan's summary (`readPlanSummary`); withdrawn tasks are no one's work and are left out. */
export function publicProgressOf(summary: SummaryOfPlan): PublicProgress {
  return {
    planId: summary.planId,
    name: summary.name,
    year: summary.year,
    asOf: summary.today,
    units: summary.units.map((unit) => ({ unitId: unit.unitId, unitName: unit.unitName, ...publicFigures(unit) })),
    goals: summary.goals.map((goal) => ({ goalId: goal.goalId, title: goal.title, ...publicFigures(goal) })),
  };
}

/** The same answer counted from the tasks themselves: what the summary must agree with. */
export function publicProgress(plan: ProgressPlan, tasks: readonly ProgressTask[], asOf: string): PublicProgress {
  const rows = summaryOfTasks(tasks, plan.margin);
  const row = (key: string): SummaryFigures => figuresOf(rows.get(key) ?? ({} as Counters), asOf);
  return publicProgressOf({
    planId: plan.planId,
    name: plan.name,
    year: plan.year,
    today: asOf,
    units: plan.units.map((unit) => ({ unitId: unit.id, unitName: unit.name, ...row(unitRow(unit.id)) })),
    goals: plan.goals.map((goal) => ({ goalId: goal.id, title: goal.title, ...row(goalRow(goal.id)) })),
  });
}

/** A closed task is green in the summary; the public lights are those of the open tasks. */
function publicFigures(figures: SummaryFigures): Figures {
  return {
    tasks: figures.tasks,
    closed: figures.closed,
    completionRate: figures.completionRate,
    lights: { green: figures.light.green - figures.closed, yellow: figures.light.yellow, red: figures.light.red },
  };
}
