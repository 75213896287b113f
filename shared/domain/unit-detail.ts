import { milestonesFor } from './milestones.js';
import type { Goal, Milestone, Plan, UnitDetail } from './plan.js';

/** The allocation's detail for one unit (`allocation.details`), if the plan gives it one. */
export function unitDetailOf(goal: Pick<Goal, 'allocation'>, unitId: string): UnitDetail | undefined {
  const details = goal.allocation.details;
  return details && Object.hasOwn(details, unitId) ? details[unitId] : undefined;
}

/** What one unit's task takes from the goal, with the unit's own detail in place of the goal's fields. */
export interface UnitTaskFields {
  title: string;
  deadline: string;
  milestones: Milestone[];
  note?: string;
}

/**
 * The unit's title, deadline and 序时进度. An own deadline without own milestones keeps the goal's
 * milestones that fall before it and is due whole on it (quarterly steps when none do), as an extension
 * moves a deadline; own milestones end on the own deadline like a goal's.
 */
export function unitTaskFields(plan: Pick<Plan, 'year'>, goal: Goal, unitId: string): UnitTaskFields {
  const detail = unitDetailOf(goal, unitId);
  const deadline = detail?.deadline ?? goal.deadline;
  const goalMilestones = goal.kind === 'quantity' ? goal.milestones : undefined;
  const milestones =
    detail?.milestones ?? (deadline === goal.deadline ? goalMilestones : goalMilestones?.filter((m) => m.date < deadline));
  return {
    title: detail?.title ?? goal.title,
    deadline,
    milestones: milestonesFor(plan, { ...goal, deadline, ...(goal.kind === 'quantity' ? { milestones } : {}) }),
    ...(detail?.note ? { note: detail.note } : {}),
  };
}
