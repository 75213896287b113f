import type { Clock } from '../../clock/clock.js';
import { failRun, finishRun, type RunError } from '../../store/assessment-runs.js';
import { retryableOnTransient } from '../../store/faults.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

/** The run item's end: SUCCEEDED with what it did, or FAILED with the caught error. Releases the year's lock. */
export async function endRun(
  year: number,
  runId: string,
  outcome: { error: RunError } | { units: number; published: boolean; revision?: number | undefined },
  clock: Clock,
): Promise<{ year: number; runId: string; status: 'SUCCEEDED' | 'FAILED'; units?: number; published?: boolean; revision?: number }> {
  return retryableOnTransient(async () => {
    if ('error' in outcome) {
      await failRun(year, runId, outcome.error, clock);
      return { year, runId, status: 'FAILED' };
    }
    const summary = { units: outcome.units, published: outcome.published, ...(outcome.revision ? { revision: outcome.revision } : {}) };
    await finishRun(year, runId, summary, clock);
    return { year, runId, status: 'SUCCEEDED', ...summary };
  });
}
