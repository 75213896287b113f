import { publishBulletin } from '../../../shared/bulletin/publish.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { PublishBulletinInput } from './schema.js';

// Fail at load, not at the first execution, when the table or the bucket is not configured.
const { BUCKET_NAME } = requireEnv('TABLE_NAME', 'BUCKET_NAME');

/**
 * PublishBulletin (the first working day of a month only): the bulletin of `bulletinMonth`, covering the
 * month before, written to the bucket and recorded once. A retry or a re-run of the day publishes nothing
 * twice and answers the first publication (`published: false`).
 */
export const handler = async (event: unknown) => {
  const input = PublishBulletinInput.parse(event);
  return publishBulletin(input.date, { bucket: BUCKET_NAME, clock: systemClock });
};
