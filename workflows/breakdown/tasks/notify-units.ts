import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { notifyRunUnits } from '../../../shared/notify/breakdown-notices.js';
import { retryableOnTransient } from '../../../shared/store/faults.js';
import { RunInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/** NotifyUnits: one outbox notification per unit with new, revised or withdrawn tasks; answers `{ notified }`. */
export const handler = async (event: unknown) => {
  const input = RunInput.parse(event);
  return retryableOnTransient(() => notifyRunUnits(input, systemClock));
};
