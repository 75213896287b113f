import type { Plan } from '../domain/plan.js';
import { canonicalJson } from './content-hash.js';

/** Names kept per list of a revision's changes: enough to read, and a revision item stays a few KB whatever the plan. */
export const MAX_NAMED_CHANGES = 20;

/** A goal by its title or a unit by its name, with its id for links. */
export interface Named {
  id: string;
  name: string;
}

/** What a revision added, changed and removed of one list (goals or units): counts, and the first names of each. */
export interface ListChanges {
  added: number;
  changed: number;
  removed: number;
  names: { added: Named[]; changed: Named[]; removed: Named[] };
}

/** The plan-wide settings a revision may change besides its goals and units. */
export const planSettings = ['name', 'year', 'timezone', 'tracking', 'assessment'] as const;
export type PlanSetting = (typeof planSettings)[number];

export interface PlanChanges {
  goals: ListChanges;
  units: ListChanges;
  settings: PlanSetting[];
}

/**
 * What `next` changes of `previous`, by content (the key order of either does not matter): goals by title,
 * units by name, in the order of the plan they belong to (removed ones in the previous plan's order).
 */
export function planChanges(previous: Plan, next: Plan): PlanChanges {
  return {
    goals: listChanges(previous.goals, next.goals, (goal) => goal.title),
    units: listChanges(previous.units, next.units, (unit) => unit.name),
    settings: planSettings.filter((setting) => canonicalJson(previous[setting]) !== canonicalJson(next[setting])),
  };
}

function listChanges<T extends { id: string }>(previous: readonly T[], next: readonly T[], nameOf: (item: T) => string): ListChanges {
  const before = new Map(previous.map((item) => [item.id, canonicalJson(item)]));
  const after = new Set(next.map((item) => item.id));
  const added = next.filter((item) => !before.has(item.id));
  const changed = next.filter((item) => before.has(item.id) && before.get(item.id) !== canonicalJson(item));
  const removed = previous.filter((item) => !after.has(item.id));
  const named = (items: readonly T[]) => items.slice(0, MAX_NAMED_CHANGES).map((item) => ({ id: item.id, name: nameOf(item) }));
  return {
    added: added.length,
    changed: changed.length,
    removed: removed.length,
    names: { added: named(added), changed: named(changed), removed: named(removed) },
  };
}
