import type { Task } from '../domain/task.js';
import { listPlanTasks, type PageKey } from './task-queries.js';

/** Tasks per Query: a whole plan's ledger is read in few round trips (DynamoDB's 1 MB pages cut them shorter). */
const LEDGER_PAGE = 1000;

/**
 * The tasks of a plan's 台账 (ledger), not the assessment's score ledger (./ledger.ts): every task of the
 * plan, or of one of its units (that unit's own index, small however large the plan). Reading stops once
 * more than `max` are read, so that a ledger too large to answer costs a few pages, not the whole plan.
 */
export async function readLedgerTasks(
  request: { planId: string; year: number; unitId?: string },
  max: number,
): Promise<{ tasks: Task[]; truncated: boolean }> {
  const tasks: Task[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await listPlanTasks({ ...request, limit: LEDGER_PAGE, ...(startKey ? { startKey } : {}) });
    tasks.push(...page.items);
    startKey = page.lastKey;
    if (tasks.length > max) return { tasks: tasks.slice(0, max), truncated: true };
  } while (startKey);
  return { tasks, truncated: false };
}
