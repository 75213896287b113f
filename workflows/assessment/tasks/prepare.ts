import { prepareAssessment } from '../../../shared/assessment/steps/prepare.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { PrepareInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/** PrepareAssessment: freezes the year unless a dry run; `{ year, runId, dryRun, batches: [{ unitIds }] }`. */
export const handler = async (event: unknown) => {
  const input = PrepareInput.parse(event);
  return prepareAssessment(input.year, input.runId, systemClock);
};
