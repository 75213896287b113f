import type { Goal, Plan, Unit, UnitFilter, UnitKind, UnitSet } from './plan.js';

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

/**
 * The plan with each set by kind and tag in one form: a list of one value as that value (`tag: [coastal]` is
 * `tag: coastal`). The workbook cannot tell the two apart, so a plan reads back from its workbook unchanged.
 */
export function withCanonicalUnitSets(plan: Plan): Plan {
  return { ...plan, goals: plan.goals.map(withCanonicalSet) };
}

function withCanonicalSet(goal: Goal): Goal {
  const allocation = goal.allocation;
  if (!('units' in allocation) || typeof allocation.units === 'string' || Array.isArray(allocation.units)) return goal;
  const { kind, tag } = allocation.units;
  const single = <Value>(value: Value | Value[] | undefined) => (Array.isArray(value) && value.length === 1 ? value[0] : value);
  const units: UnitFilter = {};
  if (kind !== undefined) units.kind = single(kind);
  if (tag !== undefined) units.tag = single(tag);
  return { ...goal, allocation: { ...allocation, units } } as Goal;
}

/** One value or several as a list; undefined when the key is left out. */
export function listOf<Value>(value: Value | readonly Value[] | undefined): readonly Value[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value as Value];
}
