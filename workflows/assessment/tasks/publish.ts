import { publishRun } from '../../../shared/assessment/steps/publish.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { PublishInput } from './schema.js';

requireEnv('TABLE_NAME');
const { BUCKET_NAME: bucket } = requireEnv('BUCKET_NAME');

/** PublishReport: the CSV, XLSX and HTML in the bucket, then PUBLISHED moved; `{ year, runId, units, published: true, revision }`. */
export const handler = async (event: unknown) => {
  const input = PublishInput.parse(event);
  return publishRun(input.year, input.runId, { bucket, clock: systemClock });
};
