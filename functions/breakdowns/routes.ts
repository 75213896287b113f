import { randomUUID } from 'node:crypto';
import { systemClock } from '../../shared/clock/clock.js';
import { YearFrozen } from '../../shared/domain/assessment/errors.js';
import { NotFound } from '../../shared/domain/errors.js';
import { startLockedRun, type LockedRun } from '../../shared/executions/locked-run.js';
import { reportedStatus } from '../../shared/executions/run-status.js';
import { describeExecution } from '../../shared/executions/step-functions.js';
import { jsonBody } from '../../shared/http/body.js';
import { planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import {
  abandonBreakdown,
  BreakdownRunning,
  finishBreakdown,
  getBreakdown,
  startBreakdown,
  type BreakdownStart,
} from '../../shared/store/breakdowns-repo.js';
import { getFreeze } from '../../shared/store/freeze.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { BreakdownParams, StartBody, StartParams } from './schema.js';
import { unitsNotified } from './status.js';

const clock = systemClock;

/** A plan's breakdown as a locked run: the plan's lock is taken with the run's record (shared/executions/locked-run.ts). */
function breakdownRun(stateMachineArn: string, start: BreakdownStart): LockedRun<BreakdownStart> {
  const { planId, executionId } = start;
  return {
    stateMachineArn,
    name: { en: 'The breakdown', zh: '任务分解' },
    open: async () => {
      await startBreakdown(start, clock);
      return start;
    },
    holderIn: async (error) =>
      error instanceof BreakdownRunning && error.holder ? { executionId: error.holder.executionId, since: error.holder.acquiredAt } : undefined,
    closeGone: (holder, cause) => finishBreakdown(planId, holder, { status: 'FAILED', error: { Error: 'ExecutionEnded', Cause: cause } }, clock),
    execution: ({ planId, revision, executionId, startedAt }) => ({ name: executionId, input: { planId, revision, executionId, startedAt } }),
    abandon: (_run, error) => abandonBreakdown(planId, executionId, `StartExecution failed: ${error.name}`, clock),
  };
}

export function breakdownRoutes({ stateMachineArn }: { stateMachineArn: string }) {
  /**
   * Takes the plan's breakdown lock with the run's record, then starts the execution named after the run (not
   * for a plan of a year frozen for its assessment: 409 `year_frozen`). If Step Functions refuses, the run is
   * abandoned (lock released) so the admin can simply retry.
   */
  const start = route({
    action: 'breakdown:start',
    params: StartParams,
    body: jsonBody(StartBody),
    handle: async ({ params, principal }) => {
      const plan = await getPlanSummary(params.planId);
      if (!plan) throw planNotFound(params.planId);
      // A frozen year's tasks are what its assessment scores: no breakdown may revise them any more.
      if (await getFreeze(plan.year)) throw new YearFrozen(plan.year);
      const run = { planId: plan.planId, revision: plan.revision, executionId: randomUUID(), startedAt: clock.now().toISOString() };
      await startLockedRun(breakdownRun(stateMachineArn, { ...run, goalsTotal: plan.goals, by: principal.subject ?? principal.role }), clock);
      return json(
        202,
        { executionId: run.executionId, status: 'RUNNING', planId: plan.planId, revision: plan.revision },
        { location: `/plans/${plan.planId}/breakdowns/${run.executionId}` },
      );
    },
  });

  const get = route({
    action: 'breakdown:read',
    params: BreakdownParams,
    handle: async ({ params }) => {
      const run = await getBreakdown(params.planId, params.executionId);
      if (!run) throw new NotFound(`No breakdown ${params.executionId} of plan ${params.planId}`, `未找到该任务分解`);
      const described = await describeExecution(stateMachineArn, params.executionId);
      const execution = described === 'MISSING' ? undefined : described;
      const notified = unitsNotified(execution);
      return json(200, {
        ...run,
        status: reportedStatus(run.status, execution?.status),
        ...(notified === undefined ? {} : { notified }),
        execution: execution
          ? {
              status: execution.status,
              startDate: execution.startDate?.toISOString() ?? null,
              stopDate: execution.stopDate?.toISOString() ?? null,
            }
          : null,
      });
    },
  });

  return { start, get };
}
