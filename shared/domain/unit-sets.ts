import type { Plan, Unit, UnitSet } from './plan.js';

/**
 * The units a goal is split over, always in plan order so that allocation (and its tie-break) does not
 * depend on how the set was written. Ids of a list that are not units of the plan are skipped here;
 * validation reports them.
 */
export function resolveUnitSet(plan: Pick<Plan, 'units'>, set: UnitSet): Unit[] {
  if (set === 'all') return [...plan.units];
  if (set === 'towns') return plan.units.filter((u) => u.kind === 'town' || u.kind === 'street');
  if (set === 'departments') return plan.units.filter((u) => u.kind === 'department');
  const wanted = new Set(set);
  return plan.units.filter((u) => wanted.has(u.id));
}
