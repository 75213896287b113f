import { endRun } from '../../../shared/assessment/steps/end-run.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { FinishInput } from './schema.js';

requireEnv('TABLE_NAME');

/** FinishRun (the run SUCCEEDED) and RecordFailure (the caught `error`: FAILED); both release the year's lock. */
export const handler = async (event: unknown) => {
  const input = FinishInput.parse(event);
  const { year, runId, ...outcome } = input;
  return endRun(year, runId, outcome, systemClock);
};
