import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { finishRun, recordRunFailure } from '../../../shared/store/breakdown-steps.js';
import { retryableOnTransient } from '../../../shared/store/faults.js';
import { FinishBreakdownInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/**
 * FinishBreakdown and RecordFailure. Success: sums the goals' counts, records the run and frees the lock.
 * Failure (`error` in the input): records it and frees the lock without throwing, so the state machine
 * reaches its Fail state with the original error.
 */
export const handler = async (event: unknown) => {
  const input = FinishBreakdownInput.parse(event);
  return retryableOnTransient(async () => {
    if ('error' in input) {
      await recordRunFailure(input, systemClock);
      return { planId: input.planId, executionId: input.executionId, status: 'FAILED' as const };
    }
    return finishRun(input, systemClock);
  });
};
