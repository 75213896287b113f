import { notifyRun } from '../../../shared/assessment/steps/notify.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { NotifyInput } from './schema.js';

requireEnv('TABLE_NAME');

/** NotifyUnits: each unit its total, grade and rank, and the leaders a summary; `{ notified }`. */
export const handler = async (event: unknown) => {
  const input = NotifyInput.parse(event);
  return notifyRun(input.year, input.runId, input.revision, systemClock);
};
