import { scoreBatch } from '../../../shared/assessment/steps/score-batch.js';
import { requireEnv } from '../../../shared/config/env.js';
import { ScoreBatchInput } from './schema.js';

requireEnv('TABLE_NAME');

/** ScoreBatch: scores up to 25 units and writes their scores and line items; `{ scored }`. */
export const handler = async (event: unknown) => {
  const input = ScoreBatchInput.parse(event);
  return scoreBatch(input.year, input.runId, input.unitIds);
};
