import type { Execution } from '../../shared/executions/step-functions.js';

/**
 * How many units the run notified, once its execution has ended well: NotifyUnits answers `{ notified }`
 * under `$.notified`; a run that changed nothing skips it (0). Undefined while the execution is not done.
 */
export function unitsNotified(execution: Pick<Execution, 'status' | 'output'> | undefined): number | undefined {
  if (execution?.status !== 'SUCCEEDED') return undefined;
  const output = JSON.parse(execution.output ?? '{}') as { notified?: { notified?: unknown } };
  return typeof output.notified?.notified === 'number' ? output.notified.notified : 0;
}
