import { allocateGoal } from '../domain/allocation.js';
import { goalTarget } from '../domain/goal-target.js';
import { goalLeads, joinLeadNames } from '../domain/leads.js';
import type { AllocationMethod, Direction, GoalKind, Plan, UnitDetail } from '../domain/plan.js';
import type { RelativeTarget as TaskRelativeTarget } from '../domain/target.js';
import { unitDetailOf } from '../domain/unit-detail.js';

/** One task the breakdown would make: the unit by its name, and its share or target (null for an action). */
export interface PreviewTask {
  unitId: string;
  unitName: string;
  target: number | null;
  /** A relative goal: the unit's baseline and the change its target was computed from. */
  relative?: TaskRelativeTarget;
  /** The unit's own title, note, deadline or milestones (单位明细), when the allocation gives it any. */
  detail?: UnitDetail;
}

/** A goal and the tasks the breakdown would make of it. */
export interface GoalPreview {
  goalId: string;
  title: string;
  kind: GoalKind;
  method: AllocationMethod;
  deadline: string;
  /** 牵头单位 by name, joint leads joined with 、, the primary first. */
  leadName: string;
  /** The written target; for a relative goal baseline × (1 + change) when it has a goal-wide baseline, else null. */
  target: number | null;
  unitOfMeasure: string | null;
  direction: Direction | null;
  /** A relative goal's change and baseline year (its baselines are on the tasks); null otherwise. */
  relative: { change: number; baselineYear: number | null } | null;
  /** A quantity whose target is a floor (以上). */
  atLeast: boolean;
  tasks: PreviewTask[];
  /**
   * A quantity split among units (quota, even, proportional, lead): the shares' sum, equal to the target.
   * Null when the goal is not split: an indicator or a quantity each unit holds whole (`each`), an action.
   */
  allocated: number | null;
}

/**
 * What the breakdown would make of a valid plan, goal by goal, with the allocation the breakdown itself
 * uses (shared/domain/allocation.ts): the units in plan order, by name.
 */
export function previewBreakdown(plan: Plan): GoalPreview[] {
  const names = new Map(plan.units.map((unit) => [unit.id, unit.name]));
  const nameOf = (unitId: string) => names.get(unitId) ?? unitId;
  return plan.goals.map((goal) => {
    const tasks = allocateGoal(plan, goal).map((task) => {
      const detail = unitDetailOf(goal, task.unitId);
      return { ...task, unitName: nameOf(task.unitId), ...(detail ? { detail } : {}) };
    });
    const split = goal.kind === 'quantity' && goal.allocation.method !== 'each';
    return {
      goalId: goal.id,
      title: goal.title,
      kind: goal.kind,
      method: goal.allocation.method,
      deadline: goal.deadline,
      leadName: joinLeadNames(goalLeads(goal), nameOf),
      target: goalTarget(goal),
      unitOfMeasure: goal.kind === 'action' ? null : goal.unitOfMeasure,
      direction: goal.kind === 'indicator' ? goal.direction : null,
      relative:
        goal.kind === 'indicator' && goal.relative
          ? { change: goal.relative.change, baselineYear: goal.relative.baselineYear ?? null }
          : null,
      atLeast: goal.kind === 'quantity' && goal.atLeast === true,
      tasks,
      allocated: split ? tasks.reduce((sum, task) => sum + (task.target ?? 0), 0) : null,
    };
  });
}

/** How many tasks the breakdown would make in all. */
export function previewTaskCount(goals: readonly GoalPreview[]): number {
  return goals.reduce((sum, goal) => sum + goal.tasks.length, 0);
}
