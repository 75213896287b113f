import { systemClock } from '../../shared/clock/clock.js';
import { InvalidInput } from '../../shared/domain/errors.js';
import { textBody } from '../../shared/http/body.js';
import { planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { listPlanRevisions } from '../../shared/store/plan-revisions.js';
import { getPlanSummary, listPlans, loadPlan, savePlan } from '../../shared/store/plans-repo.js';
import { PlanParams, planMediaTypes } from './schema.js';

/**
 * Imports a plan as a new revision: 201 when the content changed, 200 when it equals the current
 * revision (nothing written, so a re-import is harmless). Every problem of the file comes back at once.
 */
export const importPlanRoute = route({
  action: 'plan:import',
  body: textBody(planMediaTypes),
  handle: async ({ body, principal }) => {
    const parsed = parsePlanText(body.text, body.format);
    if (!parsed.ok) throw new InvalidInput(parsed.problems, 'The plan is invalid', '计划内容不符合要求');
    const saved = await savePlan(parsed.value, principal.subject ?? principal.role, systemClock);
    return saved.changed ? json(201, saved, { location: `/plans/${saved.planId}` }) : json(200, saved);
  },
});

/** Every plan is listed at once: a bureau has a few plans a year. */
export const listPlansRoute = route({
  action: 'plan:list',
  handle: async () => json(200, { items: await listPlans(), nextCursor: null }),
});

export const getPlanRoute = route({
  action: 'plan:read',
  params: PlanParams,
  handle: async ({ params }) => {
    const stored = await loadPlan(params.planId);
    if (!stored) throw planNotFound(params.planId);
    const { plan, ...revision } = stored;
    return json(200, { ...plan, ...revision });
  },
});

/** The units of a plan's current revision, in plan order (at most MAX_UNITS, so one page). */
export const planUnitsRoute = route({
  action: 'plan:listUnits',
  params: PlanParams,
  handle: async ({ params }) => {
    const stored = await loadPlan(params.planId);
    if (!stored) throw planNotFound(params.planId);
    return json(200, { items: stored.plan.units, nextCursor: null });
  },
});

/** The newest revisions (at most MAX_LISTED_REVISIONS), each with what it changed since the one before, and how many older ones are not listed. */
export const planRevisionsRoute = route({
  action: 'plan:listRevisions',
  params: PlanParams,
  handle: async ({ params }) => {
    const summary = await getPlanSummary(params.planId);
    if (!summary) throw planNotFound(params.planId);
    const items = await listPlanRevisions(summary);
    return json(200, { items, older: (items.at(-1)?.revision ?? 1) - 1 });
  },
});
