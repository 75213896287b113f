import { DescribeExecutionCommand, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../shared/clock/clock.js';
import { YearFrozen } from '../../shared/domain/assessment/errors.js';
import { NotFound } from '../../shared/domain/errors.js';
import { jsonBody } from '../../shared/http/body.js';
import { planNotFound, ServiceUnavailable } from '../../shared/http/errors.js';
import { describeError, log } from '../../shared/http/log.js';
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
import { holderIsGone, reportedStatus, unitsNotified } from './status.js';
import { executionArn, stepFunctions } from './step-functions.js';

const clock = systemClock;

export function breakdownRoutes({ stateMachineArn }: { stateMachineArn: string }) {
  /**
   * Takes the plan's breakdown lock with the run's record, then starts the execution named after the
   * run (not for a plan of a year frozen for its assessment: 409 `year_frozen`). If Step Functions refuses, the run is abandoned (lock released) so the admin can simply retry.
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
      const executionId = randomUUID();
      const startedAt = clock.now().toISOString();
      const run = { planId: plan.planId, revision: plan.revision, executionId, startedAt };
      await takeLock({ ...run, goalsTotal: plan.goals, by: principal.subject ?? principal.role });
      try {
        await stepFunctions().send(new StartExecutionCommand({ stateMachineArn, name: executionId, input: JSON.stringify(run) }));
      } catch (error) {
        log.error('StartExecution failed; abandoning the breakdown', { ...run, error: describeError(error) });
        await abandonBreakdown(plan.planId, executionId, `StartExecution failed: ${(error as Error).name}`, clock).catch((abandonError) =>
          // The lock then expires with the state machine timeout; nothing else to do here.
          log.error('could not abandon the breakdown', { ...run, error: describeError(abandonError) }),
        );
        throw new ServiceUnavailable(
          'The breakdown could not be started; please try again later',
          '任务分解未能启动，请稍后重试',
        );
      }
      return json(
        202,
        { executionId, status: 'RUNNING', planId: plan.planId, revision: plan.revision },
        { location: `/plans/${plan.planId}/breakdowns/${executionId}` },
      );
    },
  });

  /**
   * The plan's lock, taken over once from a holder whose execution has ended without releasing it: its
   * run is recorded FAILED, and the lock is freed only if that run still holds it.
   */
  async function takeLock(start: BreakdownStart): Promise<void> {
    try {
      await startBreakdown(start, clock);
    } catch (error) {
      if (!(error instanceof BreakdownRunning) || !error.holder) throw error;
      const { executionId, acquiredAt } = error.holder;
      const execution = await describe(executionArn(stateMachineArn, executionId));
      if (!holderIsGone(execution === 'MISSING' ? 'MISSING' : execution?.status, acquiredAt, clock.now())) throw error;
      const ended = execution === 'MISSING' ? 'never started' : `ended ${execution?.status}`;
      log.warn('taking over the lock of a breakdown whose execution has ended', { planId: start.planId, executionId, ended });
      await finishBreakdown(
        start.planId,
        executionId,
        { status: 'FAILED', error: { Error: 'ExecutionEnded', Cause: `its execution ${ended} without recording an outcome` } },
        clock,
      );
      await startBreakdown(start, clock);
    }
  }

  const get = route({
    action: 'breakdown:read',
    params: BreakdownParams,
    handle: async ({ params }) => {
      const run = await getBreakdown(params.planId, params.executionId);
      if (!run) throw new NotFound(`No breakdown ${params.executionId} of plan ${params.planId}`, `未找到该任务分解`);
      const described = await describe(executionArn(stateMachineArn, params.executionId));
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

/**
 * The execution as Step Functions sees it; `MISSING` when there is none (an abandoned run never started
 * one); undefined when Step Functions cannot say (a failing API should not hide the run's own record).
 */
async function describe(arn: string): Promise<DescribeExecutionCommandOutput | 'MISSING' | undefined> {
  try {
    return (await stepFunctions().send(new DescribeExecutionCommand({ executionArn: arn }))) ?? undefined;
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'MISSING';
    log.warn('DescribeExecution failed', { executionArn: arn, error: describeError(error) });
    return undefined;
  }
}
