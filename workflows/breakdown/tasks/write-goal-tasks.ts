import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { writeGoalTasks } from '../../../shared/store/breakdown-steps.js';
import { retryableOnTransient } from '../../../shared/store/faults.js';
import { WriteGoalTasksInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/** WriteGoalTasks (one Map item): the goal's tasks created, revised or withdrawn; answers the counts. */
export const handler = async (event: unknown) => {
  const input = WriteGoalTasksInput.parse(event);
  return retryableOnTransient(() => writeGoalTasks(input, systemClock));
};
