import type { Goal, Plan } from './plan.js';
import { unitTargetOf } from './goal-target.js';
import { primaryLead } from './leads.js';
import type { TaskAllocation } from './task.js';
import { resolveUnitSet } from './unit-sets.js';

/**
 * Splits a whole number into whole shares proportional to the weights (Hamilton's method): everyone
 * gets the floor of their exact share, the units left over go to the largest remainders, ties to the
 * earlier weight. The shares always sum to `total`, so a quantity goal's tasks add up to its target.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new RangeError('weights must be finite and ≥ 0');
  if (total === 0) return weights.map(() => 0);
  const scaled = exactWeights(total, weights);
  const sum = scaled.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError(`cannot split ${total} over weights that are all zero`);

  const floors = scaled.map((w) => Math.floor((total * w) / sum));
  // Rounded so that remainders equal on paper compare equal and the tie-break stays the plan order.
  const fractions = scaled.map((w, i) => Math.round(((total * w - floors[i]! * sum) / sum) * 1e9));
  const left = total - floors.reduce((a, b) => a + b, 0);
  if (left < 0 || left > weights.length) throw new Error(`largest remainder lost precision splitting ${total}`);

  const order = weights.map((_, i) => i).sort((a, b) => fractions[b]! - fractions[a]! || a - b);
  for (const i of order.slice(0, left)) floors[i]! += 1;
  return floors;
}

/**
 * Decimal weights (river length 35.5 km) scaled to integers when that is exact and safe, so that shares
 * on an exact boundary do not fall on the wrong side through floating-point error.
 */
function exactWeights(total: number, weights: readonly number[]): readonly number[] {
  for (let decimals = 0; decimals <= 6; decimals++) {
    const factor = 10 ** decimals;
    const ints = weights.map((w) => Math.round(w * factor));
    const exact = weights.every((w, i) => Math.abs(w * factor - ints[i]!) < 1e-6 && (w > 0) === ints[i]! > 0);
    if (exact && ints.reduce((a, b) => a + b, 0) * total <= Number.MAX_SAFE_INTEGER) return ints;
  }
  return weights;
}

/**
 * The tasks of one goal of a valid plan, in plan unit order. Quantity shares of zero are left out: a
 * unit with nothing to do gets no task. Indicator goals cascade their target (or the unit's override, or
 * for a relative goal the unit's baseline × (1 + change), goal-target.ts);
 * action goals carry no target.
 */
export function allocateGoal(plan: Pick<Plan, 'units'>, goal: Goal): TaskAllocation[] {
  const allocation = goal.allocation;
  switch (allocation.method) {
    case 'lead':
      return [{ unitId: primaryLead(goal), ...unitTargetOf(goal, primaryLead(goal)) }];
    case 'each':
      return withoutEmptyShares(
        goal,
        resolveUnitSet(plan, allocation.units).map((unit) => {
          const override = goal.kind === 'action' ? undefined : allocation.overrides?.[unit.id];
          return { unitId: unit.id, ...(override === undefined ? unitTargetOf(goal, unit.id) : { target: override }) };
        }),
      );
    case 'quota':
      return withoutEmptyShares(
        goal,
        plan.units
          .filter((unit) => Object.hasOwn(allocation.quotas, unit.id))
          .map((unit) => ({ unitId: unit.id, target: goal.kind === 'action' ? null : allocation.quotas[unit.id]! })),
      );
    case 'even':
    case 'proportional': {
      const units = resolveUnitSet(plan, allocation.units);
      const weights = units.map((unit) =>
        allocation.method === 'even' ? 1 : (unit.bases?.[allocation.base] ?? 0),
      );
      const shares = largestRemainder(quantityTarget(goal), weights);
      return withoutEmptyShares(
        goal,
        units.map((unit, i) => ({ unitId: unit.id, target: shares[i]! })),
      );
    }
  }
}

function quantityTarget(goal: Goal): number {
  if (goal.kind !== 'quantity') throw new RangeError(`goal ${goal.id}: ${goal.allocation.method} splits quantity goals only`);
  return goal.target;
}

function withoutEmptyShares(goal: Goal, tasks: TaskAllocation[]): TaskAllocation[] {
  return goal.kind === 'quantity' ? tasks.filter((task) => task.target !== 0) : tasks;
}
