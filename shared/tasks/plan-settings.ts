import { localDate, type Clock } from '../clock/clock.js';
import type { Tracking } from '../domain/plan.js';
import { getPlanSummary } from '../store/plans-repo.js';

/** What the rules of a plan's tasks need from the plan: its settings and its calendar day today. */
export interface PlanSettings {
  tracking: Tracking;
  today: string;
}

/** Tasks never outlive their plan; a missing plan would be a broken table, not a caller's mistake. */
export async function planSettings(planId: string, clock: Clock): Promise<PlanSettings> {
  const plan = await getPlanSummary(planId);
  if (!plan) throw new Error(`plan ${planId} of a stored task does not exist`);
  return { tracking: plan.tracking, today: localDate(clock, plan.timezone) };
}

/** The settings of several plans at once (a page of one unit's tasks may span years and plans). */
export async function settingsOfPlans(planIds: Iterable<string>, clock: Clock): Promise<Map<string, PlanSettings>> {
  const ids = [...new Set(planIds)];
  const settings = await Promise.all(ids.map((id) => planSettings(id, clock)));
  return new Map(ids.map((id, i) => [id, settings[i]!]));
}
