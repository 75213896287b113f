import { chasePage, zeroLevels } from '../../../shared/chase/chase-page.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';
import { levels } from '../../../shared/domain/lateness.js';
import { ChasePageInput } from './schema.js';

// Fail at load, not at the first execution, when the table is not configured.
requireEnv('TABLE_NAME');

/**
 * ChasePage (one iteration of a shard's loop): chases the next page and answers the shard's running
 * totals with `nextKey` while there is more, which MorePages? loops on. A retried page re-reads the same
 * tasks; what the failed attempt raised is counted once, by the token of the run's page (`chasePageToken`).
 */
export const handler = async (event: unknown) => {
  const input = ChasePageInput.parse(event);
  const page = await chasePage(
    {
      year: input.year,
      shard: input.shard,
      date: input.date,
      pageSize: input.pageSize,
      ...(input.nextKey ? { startKey: input.nextKey } : {}),
      ...(input.run ? { run: input.run } : {}),
    },
    { clock: systemClock },
  );
  const before = input.raised ?? zeroLevels();
  return {
    date: input.date,
    year: input.year,
    shard: input.shard,
    pageSize: input.pageSize,
    examined: input.examined + page.examined,
    raised: Object.fromEntries(levels.map((level) => [level, before[level] + page.raised[level]])),
    ...(page.nextKey ? { nextKey: page.nextKey } : {}),
    ...(input.run ? { run: input.run } : {}),
  };
};
