import { verifyChain, type ChainProblem, type StoredEvent } from '../domain/audit-chain.js';
import { batchGetAll, type Item } from './batch.js';
import { keys } from './keys.js';
import { listPlans } from './plans-repo.js';
import { mapWithConcurrency } from './pool.js';
import { queryAll } from './query.js';
import { indexes } from './table.js';
import { auditHeadOf, fromTaskEventItem } from './task-items.js';

export interface AuditReport {
  /** Tasks whose chain was checked. */
  chains: number;
  /** Events read. */
  events: number;
  broken: ChainProblem[];
}

/** Task partitions read at once. */
const TASK_CONCURRENCY = 16;
/** What the audit needs of a task item. */
const TASK_ATTRIBUTES = ['id', 'version', 'auditHead'] as const;
const EVENT_PREFIX = 'EVENT#';

/**
 * Checks the audit hash chain of every task of one plan, or of every plan: for each task, its events
 * (one strongly consistent Query of its partition) against the head its item records. A task found broken
 * is read a second time before it is reported, so one that a change moved on between reading its item
 * and its events is not reported for that.
 */
export async function verifyAudit(options: { planId?: string } = {}): Promise<AuditReport> {
  const planIds = options.planId === undefined ? (await listPlans()).map((plan) => plan.planId) : [options.planId];
  const report: AuditReport = { chains: 0, events: 0, broken: [] };
  for (const planId of planIds) {
    const tasks = await planTasks(planId);
    const checked = await mapWithConcurrency(tasks, TASK_CONCURRENCY, async (task) => {
      const first = await checkTask(task);
      if (first.broken.length === 0) return first;
      const [again] = await batchGetAll([keys.task(task.id as string)], { consistentRead: true, projection: TASK_ATTRIBUTES });
      return again ? checkTask(again) : first;
    });
    for (const { events, broken } of checked) {
      report.chains += 1;
      report.events += events;
      report.broken.push(...broken);
    }
  }
  return report;
}

/**
 * The plan's task items (id, version, audit head). gsi1 finds them, but lags behind the table, so the
 * items themselves are read strongly consistent; a task the index still lists but that is gone is skipped.
 */
async function planTasks(planId: string): Promise<Item[]> {
  const indexed = await queryAll({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'gsi1pk', '#id': 'id', '#version': 'version', '#head': 'auditHead' },
    ExpressionAttributeValues: { ':pk': keys.planTasks(planId) },
    ProjectionExpression: '#id, #version, #head',
  });
  const items = await batchGetAll(
    indexed.map((item) => keys.task(item.id as string)),
    { consistentRead: true, projection: TASK_ATTRIBUTES },
  );
  return items.sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
}

async function checkTask(task: Item): Promise<{ events: number; broken: ChainProblem[] }> {
  const taskId = task.id as string;
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
    ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':events': EVENT_PREFIX },
    ConsistentRead: true,
  });
  const events: StoredEvent[] = items.map((item) => ({ ...fromTaskEventItem(item), sk: item.sk as string }));
  return { events: events.length, broken: verifyChain(taskId, events, auditHeadOf(task), task.version as number) };
}
