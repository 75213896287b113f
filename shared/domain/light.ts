import type { Milestone } from './plan.js';
import { lowerIsBetter, meetsTarget } from './target.js';
import type { Task } from './task.js';

/**
 * The traffic light of a task (docs/architecture.md, "Traffic light"): red when it is overdue, yellow when
 * it lags behind, green otherwise. Dates are ISO `YYYY-MM-DD` strings, which compare as strings.
 */
export type Light = 'green' | 'yellow' | 'red';
export const lights: readonly Light[] = ['green', 'yellow', 'red'];

/** Shares and values are fractions: a lag of exactly the margin must not turn yellow on a rounding error. */
const EPSILON = 1e-9;

/** 序时进度 due by today: the share of the latest milestone on or before today, 0 before the first. */
export function expectedShare(milestones: readonly Milestone[], today: string): number {
  let latest: Milestone | undefined;
  for (const milestone of milestones)
    if (milestone.date <= today && (latest === undefined || milestone.date >= latest.date)) latest = milestone;
  return latest?.share ?? 0;
}

export type LightTask = Pick<Task, 'kind' | 'status' | 'target' | 'direction' | 'deadline' | 'milestones' | 'progress'>;

/**
 * `null` for a withdrawn task (no longer anyone's work); green once closed; red when today is past the
 * deadline; yellow when a quantity is more than `margin` (a share, 0.1 = 10 points) behind its expected
 * share, or an indicator's latest value is on the wrong side of its target by more than `margin × |target|`;
 * else green. A task never reported counts as 0 done (quantity) and is green otherwise.
 */
export function lightOf(task: LightTask, today: string, margin: number): Light | null {
  if (task.status === 'withdrawn') return null;
  if (task.status === 'closed') return 'green';
  if (today > task.deadline) return 'red';
  if (task.kind === 'quantity') return quantityBehind(task, today, margin) ? 'yellow' : 'green';
  if (task.kind === 'indicator') return indicatorOff(task, margin) ? 'yellow' : 'green';
  return 'green';
}

function quantityBehind(task: LightTask, today: string, margin: number): boolean {
  // Nothing to do (a share of 0) is never behind.
  if (task.target === null || task.target <= 0) return false;
  const doneShare = (task.progress?.done ?? 0) / task.target;
  return expectedShare(task.milestones, today) - doneShare > margin + EPSILON;
}

/**
 * An indicator whose latest value is on the wrong side of its target by more than `margin × |target|`: the
 * value does not meet the target moved that far in its favour. A strict direction (高于95%) is read strictly
 * there too: with a margin of 0 a value on the target is off; with a margin, a value on the target is 0 past
 * it and green like any value within the margin, which is what the margin is for.
 */
export function indicatorOff(task: Pick<Task, 'target' | 'direction' | 'progress'>, margin: number): boolean {
  const value = task.progress?.value;
  if (value === undefined || task.target === null || task.direction === undefined) return false;
  // Without a margin nothing is allowed, so no rounding allowance may let a strict target be met by equality.
  const allowed = margin === 0 ? 0 : margin * Math.abs(task.target) + EPSILON * Math.max(1, Math.abs(task.target));
  const loosened = lowerIsBetter(task.direction) ? task.target + allowed : task.target - allowed;
  return !meetsTarget(task.direction, value, loosened);
}
