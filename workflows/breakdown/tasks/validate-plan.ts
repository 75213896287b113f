import { requireEnv } from '../../../shared/config/env.js';
import { validateRunPlan } from '../../../shared/store/breakdown-steps.js';
import { retryableOnTransient } from '../../../shared/store/faults.js';
import { RunInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/** ValidatePlan: the plan is still at the run's revision and keeps its rules; answers its goal ids for the Map. */
export const handler = async (event: unknown) => {
  const input = RunInput.parse(event);
  return retryableOnTransient(() => validateRunPlan(input));
};
