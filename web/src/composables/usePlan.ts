import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type StoredPlan = components['schemas']['StoredPlan'];

/** Plans read in this session, by id: a unit's tasks come from one or two plans, each read once. */
const plans = new Map<string, Promise<StoredPlan>>();

/**
 * A task's plan (GET /plans/{planId}): its name, its goals and the names of its units (the lead
 * department's, the co-units', whoever acted in the history). A failed read is forgotten, to be asked again.
 */
export function planOf(planId: string): Promise<StoredPlan> {
  let plan = plans.get(planId);
  if (!plan) {
    plan = api.GET('/plans/{planId}', { params: { path: { planId } } }).then(unwrap);
    plans.set(planId, plan);
    plan.catch(() => plans.delete(planId));
  }
  return plan;
}

/** Unit names by id from a plan. */
export function unitNames(plan: StoredPlan | null): Map<string, string> {
  return new Map((plan?.units ?? []).map((unit) => [unit.id, unit.name]));
}
