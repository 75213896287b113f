import { systemClock } from '../../shared/clock/clock.js';
import { planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { readPlanSummary } from '../../shared/store/plan-summary.js';
import { SummaryParams } from './summary-schema.js';

/**
 * `GET /plans/{planId}/summary`: the plan's goals × units counted by light, status and escalation level
 * (the 台账's and the cockpit's first screen), read from the summary the task writes keep, never from every
 * task. A unit gets its own row, and the goals as its own tasks stand.
 */
export const summaryRoute = route({
  action: 'plan:summary',
  params: SummaryParams,
  handle: async ({ params, onlyUnit }) => {
    const summary = await readPlanSummary(params.planId, { onlyUnit }, systemClock);
    if (!summary) throw planNotFound(params.planId);
    return json(200, summary);
  },
});
