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
