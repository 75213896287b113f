import type { Plan, Unit, UnitFilter, UnitKind, UnitSet } from './plan.js';

/** Kinds that `towns` names: the towns and streets (镇/街道) of a county-level plan. */
export const townKinds: readonly UnitKind[] = ['town', 'street'];

/**
 * The units a goal is split over, always in plan order so that allocation (and its tie-break) does not
 * depend on how the set was written. Ids of a list that are not units of the plan are skipped here;
 * validation reports them.
 */
export function resolveUnitSet(plan: Pick<Plan, 'units'>, set: UnitSet): Unit[] {
  if (set === 'all') return [...plan.units];
  if (set === 'towns') return plan.units.filter((u) => townKinds.includes(u.kind));
  if (set === 'departments') return plan.units.filter((u) => u.kind === 'department');
  if (Array.isArray(set)) {
    const wanted = new Set(set);
    return plan.units.filter((u) => wanted.has(u.id));
  }
  return plan.units.filter(matchesFilter(set));
}

/** Whether a unit is of one of the filter's kinds (if it names kinds) and has one of its tags (if it names tags). */
export function matchesFilter(filter: UnitFilter): (unit: Pick<Unit, 'kind' | 'tags'>) => boolean {
  const kinds = listOf(filter.kind);
  const tags = listOf(filter.tag);
  return (unit) =>
    (kinds === undefined || kinds.includes(unit.kind)) &&
    (tags === undefined || (unit.tags ?? []).some((tag) => tags.includes(tag)));
}

/** One value or several as a list; undefined when the key is left out. */
export function listOf<Value>(value: Value | readonly Value[] | undefined): readonly Value[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value as Value];
}
