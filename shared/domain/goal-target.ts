import type { Goal, RelativeTarget as PlanRelativeTarget } from './plan.js';
import { relativeTarget, type RelativeTarget } from './target.js';

/*
 * The target a goal gives one unit's task, and the goal's own target where one is written (plan summary,
 * workbook, documents). A relative goal (比上年下降5%) has no target of its own: each unit's is its
 * baseline × (1 + change), computed here at breakdown and stored on the task, so that lights, lateness and
 * scoring read an ordinary target.
 */

/** The unit's own baseline, else the goal-wide one; undefined when neither is written (plan-rules.ts reports it). */
export function baselineOf(relative: PlanRelativeTarget, unitId: string): number | undefined {
  return relative.baselines?.[unitId] ?? relative.baseline;
}

/** What the goal gives `unitId`'s task: its target and, for a relative goal, the baseline it came from. */
export function unitTargetOf(goal: Goal, unitId: string): { target: number | null; relative?: RelativeTarget } {
  if (goal.kind === 'action') return { target: null };
  if (goal.kind === 'quantity' || goal.relative === undefined) return { target: goal.target ?? null };
  const baseline = baselineOf(goal.relative, unitId);
  if (baseline === undefined) throw new RangeError(`goal ${goal.id}: no baseline for unit ${unitId}`);
  const { change, baselineYear } = goal.relative;
  return {
    target: relativeTarget(goal.direction, baseline, change),
    relative: { baseline, change, ...(baselineYear === undefined ? {} : { baselineYear }) },
  };
}

/**
 * The goal's own target: the written one, else for a relative goal with a goal-wide baseline that baseline
 * × (1 + change); null for an action and for a relative goal with per-unit baselines only (it is then
 * written as its change, 下降5%).
 */
export function goalTarget(goal: Goal): number | null {
  if (goal.kind === 'action') return null;
  if (goal.kind === 'quantity' || goal.relative === undefined) return goal.target ?? null;
  const { baseline, change } = goal.relative;
  return baseline === undefined ? null : relativeTarget(goal.direction, baseline, change);
}
