import { sendDigests } from '../../../shared/chase/digests.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { SendDigestsInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/**
 * SendDigests: one notification per unit with escalations on the day, plus the leaders' digest (on a
 * bulletin day always, with the bulletin's link); `{ notified }`.
 */
export const handler = async (event: unknown) => {
  const input = SendDigestsInput.parse(event);
  return sendDigests(input.date, { clock: systemClock, ...(input.bulletinMonth ? { bulletinMonth: input.bulletinMonth } : {}) });
};
