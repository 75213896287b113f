import * as z from 'zod';
import { monthPattern } from '../../../shared/bulletin/bulletin.js';
import { OPEN_SHARDS } from '../../../shared/store/keys.js';

/** The inputs of the chase's Task states, as docs/architecture.md and the state machine define them. */

const count = z.number().int().nonnegative();
const day = z.iso.date();
const month = z.string().regex(monthPattern, 'a month, YYYY-MM');
const levelCounts = z.object({ remind: count, urge: count, supervise: count, notice: count, summon: count });

/** The execution input: the chase day, today in Asia/Shanghai when absent. */
export const PlanChaseInput = z.object({ date: day.optional() });

/** One page of a shard; from the second page on, with the key to continue from and the shard's totals so far. */
export const ChasePageInput = z.object({
  date: day,
  year: z.number().int().min(2000).max(2100),
  shard: z.number().int().min(0).max(OPEN_SHARDS - 1),
  pageSize: z.number().int().positive().max(1000).default(100),
  nextKey: z.record(z.string(), z.unknown()).optional(),
  /** The execution's name: marks what the page raises, so that a retried page counts what its failed attempt raised. */
  run: z.string().min(1).max(80).optional(),
  examined: count.default(0),
  raised: levelCounts.optional(),
});

/** What each shard's loop ends with (the last ChasePage output). */
export const ShardTotals = z.object({ year: z.number().int(), shard: z.number().int(), examined: count, raised: levelCounts });

/** On the first working day of a month (PlanChase's `bulletinMonth`): the bulletin of that month, published on `date`. */
export const PublishBulletinInput = z
  .object({ date: day, bulletinMonth: month })
  .refine((input) => input.date.startsWith(`${input.bulletinMonth}-`), {
    message: 'bulletinMonth must be the month of date',
    path: ['bulletinMonth'],
  });

/** With `bulletinMonth` on a bulletin day: the leaders' digest links the bulletin. */
export const SendDigestsInput = z.object({ date: day, bulletinMonth: month.optional() });

/** What PublishBulletin answered (`$.bulletin`), as the summary reports it. */
export const BulletinOutcome = z.object({ month, covers: month, published: z.boolean() });

export const SummarizeInput = z.object({
  date: day,
  shards: z.array(ShardTotals),
  digests: z.object({ notified: count }),
  bulletin: BulletinOutcome.optional(),
});
