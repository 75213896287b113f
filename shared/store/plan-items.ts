import { type AssessmentRules, defaultAssessmentRules } from '../domain/assessment/rules.js';
import { defaultTracking } from '../domain/tracking.js';
import type { Goal, Plan, Tracking, Unit } from '../domain/plan.js';
import type { Item } from './batch.js';
import { contentHash } from './content-hash.js';
import { keys } from './keys.js';

/**
 * Items of the plan partition `PLAN#<planId>`: the meta item (which revision is current, and which goals
 * and units belong to it, in plan order) and one item per goal and per unit. A goal or unit item keeps
 * its own content hash, so a new revision rewrites only what changed.
 */

export interface PlanSummary {
  planId: string;
  name: string;
  year: number;
  timezone: string;
  /** Review levels and warning margin; a plan stored before there were any reads back with the defaults. */
  tracking: Tracking;
  revision: number;
  importedAt: string;
  importedBy: string;
  goals: number;
  units: number;
}

export interface PlanMeta extends PlanSummary {
  contentHash: string;
  goalIds: string[];
  unitIds: string[];
  /** The assessment rules; absent on a plan stored before there were any, which reads back with the defaults. */
  assessment?: AssessmentRules;
}

/** The meta attributes a summary needs: reading only these keeps the id lists (up to ~100 KB) off the wire. */
export const summaryAttributes = [
  'planId',
  'name',
  'year',
  'timezone',
  'tracking',
  'revision',
  'importedAt',
  'importedBy',
  'goals',
  'units',
] as const;

export function planMetaItem(meta: PlanMeta): Item {
  return { ...keys.plan(meta.planId), ...keys.planList(meta.year, meta.planId), entity: 'plan', ...meta };
}

export function goalItem(planId: string, goal: Goal): Item {
  return { ...keys.goal(planId, goal.id), entity: 'goal', planId, goalId: goal.id, hash: contentHash(goal), goal };
}

export function unitItem(planId: string, unit: Unit): Item {
  return { ...keys.unit(planId, unit.id), entity: 'unit', planId, unitId: unit.id, hash: contentHash(unit), unit };
}

export function toPlanSummary(item: Item): PlanSummary {
  const summary = Object.fromEntries(summaryAttributes.map((name) => [name, item[name]])) as unknown as PlanSummary;
  return { ...summary, tracking: { ...defaultTracking, ...(item.tracking as Partial<Tracking> | undefined) } };
}

export function toPlanMeta(item: Item): PlanMeta {
  return {
    ...toPlanSummary(item),
    contentHash: item.contentHash,
    goalIds: item.goalIds,
    unitIds: item.unitIds,
    ...(item.assessment ? { assessment: item.assessment as AssessmentRules } : {}),
  };
}

/** The plan partition's items, sorted out by kind. */
export interface PlanPartition {
  meta?: PlanMeta;
  goals: Map<string, { hash: string; goal: Goal }>;
  units: Map<string, { hash: string; unit: Unit }>;
}

export function toPlanPartition(items: readonly Item[]): PlanPartition {
  const partition: PlanPartition = { goals: new Map(), units: new Map() };
  for (const item of items) {
    if (item.entity === 'plan') partition.meta = toPlanMeta(item);
    else if (item.entity === 'goal') partition.goals.set(item.goalId, { hash: item.hash, goal: item.goal });
    else if (item.entity === 'unit') partition.units.set(item.unitId, { hash: item.hash, unit: item.unit });
  }
  return partition;
}

/** The plan of the meta item's revision: its goals and units in plan order (items it doesn't list are leftovers). */
export function planOf(meta: PlanMeta, partition: PlanPartition): Plan {
  const pick = <T>(ids: readonly string[], found: Map<string, T>) => ids.flatMap((id) => (found.has(id) ? [found.get(id) as T] : []));
  return {
    id: meta.planId,
    name: meta.name,
    year: meta.year,
    timezone: meta.timezone,
    tracking: meta.tracking,
    assessment: meta.assessment ?? structuredClone(defaultAssessmentRules),
    units: pick(meta.unitIds, partition.units).map((entry) => entry.unit),
    goals: pick(meta.goalIds, partition.goals).map((entry) => entry.goal),
  };
}
