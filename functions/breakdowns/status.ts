import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import type { BreakdownStatus } from '../../shared/store/breakdowns-repo.js';

export type ReportedStatus = BreakdownStatus | 'TIMED_OUT' | 'ABORTED';

/**
 * The run's record is the truth once it is finished. While it says RUNNING, an execution that ended
 * badly without recording it (timed out, aborted, or failed outside the Catch) tells the real state.
 */
export function reportedStatus(recorded: BreakdownStatus, execution: ExecutionStatus | undefined): ReportedStatus {
  if (recorded !== 'RUNNING') return recorded;
  if (execution === 'FAILED' || execution === 'TIMED_OUT' || execution === 'ABORTED') return execution;
  return 'RUNNING';
}

/** Between taking the lock and StartExecution there is no execution yet; past this, a missing one will not come. */
const START_WINDOW_MS = 60_000;

/**
 * Whether the run holding a plan's lock is gone without releasing it — stopped in the console, or cut off
 * when the local runtime stopped — so a new breakdown may take the lock over instead of waiting an hour.
 * `undefined`: Step Functions could not say, so the holder is presumed alive.
 */
export function holderIsGone(execution: ExecutionStatus | 'MISSING' | undefined, acquiredAt: string, now: Date): boolean {
  if (execution === undefined || execution === 'RUNNING' || execution === 'PENDING_REDRIVE') return false;
  if (execution === 'MISSING') return now.getTime() - Date.parse(acquiredAt) > START_WINDOW_MS;
  return true;
}

/**
 * How many units the run notified, once its execution has ended well: NotifyUnits answers `{ notified }`
 * under `$.notified`; a run that changed nothing skips it (0). Undefined while the execution is not done.
 */
export function unitsNotified(execution: { status?: ExecutionStatus | undefined; output?: string | undefined } | undefined): number | undefined {
  if (execution?.status !== 'SUCCEEDED') return undefined;
  const output = JSON.parse(execution.output ?? '{}') as { notified?: { notified?: unknown } };
  return typeof output.notified?.notified === 'number' ? output.notified.notified : 0;
}
