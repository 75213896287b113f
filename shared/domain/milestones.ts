import type { Goal, Milestone, Plan } from './plan.js';

const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'] as const;

/**
 * 序时进度 of a goal's tasks: the share of the target due by each date, ending with the whole target on
 * the deadline. A quantity goal without its own milestones gets time-proportional quarterly steps:
 * every quarter end strictly before the deadline, then the deadline, the i-th of n due at i/n.
 * Indicators are judged on the year's value and actions on completion, so they have none.
 */
export function milestonesFor(plan: Pick<Plan, 'year'>, goal: Goal): Milestone[] {
  if (goal.kind !== 'quantity') return [];
  if (goal.milestones?.length) return endingOnDeadline(goal.milestones, goal.deadline);
  const dates = [
    ...QUARTER_ENDS.map((monthDay) => `${plan.year}-${monthDay}`).filter((date) => date < goal.deadline),
    goal.deadline,
  ];
  return dates.map((date, i) => ({ date, share: (i + 1) / dates.length }));
}

function endingOnDeadline(milestones: readonly Milestone[], deadline: string): Milestone[] {
  const copy = milestones.map((m) => ({ ...m }));
  const last = copy.at(-1);
  if (last?.date === deadline && last.share === 1) return copy;
  return [...copy.filter((m) => m.date !== deadline), { date: deadline, share: 1 }];
}

/**
 * A task's 序时进度 once an approved extension has moved its deadline from `from` to `to`: the whole target
 * falls due on the new deadline instead of the old one, the interim steps stay as they were. Without this
 * the old deadline's 100 % would stay due, and the extended task would be behind from the day after the old
 * deadline, climbing the ladder as if it were overdue. Actions and indicators have no milestones.
 */
export function extendedMilestones(milestones: readonly Milestone[], from: string, to: string): Milestone[] {
  if (milestones.length === 0) return [];
  return [...milestones.filter((m) => m.date !== from && m.date < to).map((m) => ({ ...m })), { date: to, share: 1 }];
}
