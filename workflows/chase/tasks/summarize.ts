import { levelLabels, levels } from '../../../shared/domain/lateness.js';
import { SummarizeInput } from './schema.js';

/**
 * Summarize: the run's result, the CLI's contract: `{ date, examined, escalations: { 提醒, 催办,
 * 督办, 通报, 约谈 }, notifications }` — levels raised by this run, notifications the day has — and on the
 * first working day of a month `bulletin: { month, covers, published }` (published false: an earlier run did).
 */
export const handler = async (event: unknown) => {
  const input = SummarizeInput.parse(event);
  return {
    date: input.date,
    examined: input.shards.reduce((sum, shard) => sum + shard.examined, 0),
    escalations: Object.fromEntries(
      levels.map((level) => [levelLabels[level], input.shards.reduce((sum, shard) => sum + shard.raised[level], 0)]),
    ),
    notifications: input.digests.notified,
    ...(input.bulletin ? { bulletin: { month: input.bulletin.month, covers: input.bulletin.covers, published: input.bulletin.published } } : {}),
  };
};
