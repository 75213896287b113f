import * as z from 'zod';
import { slug } from '../../../shared/domain/ids.js';

/** The inputs of the breakdown's Task states, as docs/architecture.md and the state machine define them. */

const count = z.number().int().nonnegative();

/** What every state of a run carries along (the execution input); other fields of a state's input are dropped. */
export const RunInput = z.object({
  planId: slug,
  revision: z.number().int().positive(),
  executionId: z.string().min(1).max(200),
  startedAt: z.iso.datetime({ offset: true }),
});

export const WriteGoalTasksInput = RunInput.extend({ goalId: slug });

export const GoalCounts = z.object({ goalId: slug, created: count, updated: count, unchanged: count, withdrawn: count });

/** RecordFailure: whatever state failed, its input with the caught error at `$.error`. */
export const RecordFailureInput = z.object({
  planId: slug,
  executionId: z.string().min(1).max(200),
  error: z.object({ Error: z.string(), Cause: z.string().default('') }),
});

export const FinishBreakdownInput = z.union([RecordFailureInput, RunInput.extend({ goalResults: z.array(GoalCounts) })]);
