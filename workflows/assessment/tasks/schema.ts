import * as z from 'zod';
import { BATCH_SIZE } from '../../../shared/assessment/steps/prepare.js';

/** The inputs of the assessment's Task states, as docs/architecture.md ("Workflows", Assessment) defines them. */

const year = z.number().int().min(2000).max(2100);
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'a run id: letters, digits, - and _ (it names the execution)');
const count = z.number().int().nonnegative();

/** The execution input: the run item holds the rest. */
export const PrepareInput = z.object({ year, runId });


export const Batch = z.object({ unitIds: z.array(z.string().min(1)).min(1).max(BATCH_SIZE) });

export const ScoreBatchInput = z.object({ year, runId, unitIds: Batch.shape.unitIds });

export const RankInput = z.object({ year, runId, dryRun: z.boolean() });

export const PublishInput = z.object({ year, runId, units: count });

export const NotifyInput = z.object({ year, runId, revision: z.number().int().positive() });

/** FinishRun after the run (published or a dry run), RecordFailure after a caught error (`$.error`). */
export const FinishInput = z.union([
  z.object({ year, runId, error: z.object({ Error: z.string(), Cause: z.string().default('') }) }),
  z.object({ year, runId, units: count, published: z.boolean(), revision: z.number().int().positive().optional() }),
]);
