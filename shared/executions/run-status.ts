import type { ExecutionStatus } from '@aws-sdk/client-sfn';

/** A run's recorded status (RUNNING, SUCCEEDED, FAILED…), or how its execution ended without recording it. */
export type ReportedStatus<Recorded extends string> = Recorded | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/**
 * The run's record is the truth once it is finished. While it says RUNNING, an execution that ended
 * badly without recording it (timed out, aborted, or failed outside the Catch) tells the real state.
 */
export function reportedStatus<Recorded extends string>(recorded: Recorded, execution: ExecutionStatus | undefined): ReportedStatus<Recorded> {
  if (recorded !== 'RUNNING') return recorded;
  if (execution === 'FAILED' || execution === 'TIMED_OUT' || execution === 'ABORTED') return execution;
  return recorded;
}

/** Between taking the lock and StartExecution there is no execution yet; past this, a missing one will not come. */
const START_WINDOW_MS = 60_000;

/**
 * Whether the run holding a lock is gone without releasing it — stopped in the console, or cut off when the
 * local runtime stopped — so a new run may take the lock over instead of waiting for the lock to expire.
 * `undefined`: Step Functions could not say, so the holder is presumed alive.
 */
export function holderIsGone(execution: ExecutionStatus | 'MISSING' | undefined, acquiredAt: string, now: Date): boolean {
  if (execution === undefined || execution === 'RUNNING' || execution === 'PENDING_REDRIVE') return false;
  if (execution === 'MISSING') return now.getTime() - Date.parse(acquiredAt) > START_WINDOW_MS;
  return true;
}
