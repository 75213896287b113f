import { rankRun } from '../../../shared/assessment/steps/rank.js';
import { requireEnv } from '../../../shared/config/env.js';
import { RankInput } from './schema.js';

requireEnv('TABLE_NAME');

/** RankUnits: ranks the stored scores (a dry run: and its rank moves); `{ year, runId, dryRun, units, published: false }`. */
export const handler = async (event: unknown) => {
  const input = RankInput.parse(event);
  return rankRun(input.year, input.runId);
};
