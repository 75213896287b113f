import type { ChainProblem, StoredEvent } from '../domain/audit-chain.js';
import { chainHeadOf, checkpointProblems, type ChainHead, type Checkpoint } from '../domain/audit-checkpoint.js';
import { auditTask } from '../domain/audit-task.js';
import { parseTaskId } from '../domain/task.js';
import { batchGetAll, type Item } from './batch.js';
import { projectionOf } from './expressions.js';
import { keys } from './keys.js';
import { listPlans } from './plans-repo.js';
import { mapWithConcurrency } from './pool.js';
import { queryAll } from './query.js';
import { indexes } from './table.js';
import { auditHeadOf, fromTaskEventItem, fromTaskItem } from './task-items.js';

export interface AuditReport {
  /** Tasks whose chain was checked. */
  chains: number;
  /** Events read. */
  events: number;
  broken: ChainProblem[];
}

/** Task partitions read at once. */
const TASK_CONCURRENCY = 16;
/** What a chain's head needs of a task item. */
const HEAD_ATTRIBUTES = ['id', 'version', 'auditHead'] as const;
const EVENT_PREFIX = 'EVENT#';

/**
 * Checks every task of one plan, or of every plan (domain/audit-task.ts): each task's events (one strongly
 * consistent Query of its partition) against the head its item records, where they are stored, and the task
 * against what its events make of it; with a checkpoint, each chain it recorded against its recorded head,
 * a task it recorded that the plan's index no longer lists included (read by its key; gone: reported). A
 * task found broken is read a second time before it is reported, so one that a change moved on between
 * reading its item and its events is not reported for that.
 */
export async function verifyAudit(options: { planId?: string; checkpoint?: Checkpoint } = {}): Promise<AuditReport> {
  const { planId, checkpoint } = options;
  const planIds = planId === undefined ? (await listPlans()).map((plan) => plan.planId) : [planId];
  const recorded = new Map(
    (checkpoint?.heads ?? []).filter((head) => planId === undefined || parseTaskId(head.taskId)?.planId === planId).map((head) => [head.taskId, head]),
  );
  const report: AuditReport = { chains: 0, events: 0, broken: [] };
  const check = async (task: Item) => {
    const first = await checkTask(task, checkpoint, recorded);
    if (first.broken.length === 0) return first;
    const [again] = await batchGetAll([keys.task(task.id as string)], { consistentRead: true });
    return again ? checkTask(again, checkpoint, recorded) : first;
  };
  const add = (checked: { events: number; broken: ChainProblem[] }[]) => {
    for (const { events, broken } of checked) {
      report.chains += 1;
      report.events += events;
      report.broken.push(...broken);
    }
  };
  const listed = new Set<string>();
  for (const id of planIds) {
    const tasks = await planTasks(id);
    for (const task of tasks) listed.add(task.id as string);
    add(await mapWithConcurrency(tasks, TASK_CONCURRENCY, check));
  }
  // What the checkpoint recorded but the index does not list: dropped from the index, or deleted.
  const unlisted = [...recorded.keys()].filter((taskId) => !listed.has(taskId)).sort();
  const found = await batchGetAll(unlisted.map((taskId) => keys.task(taskId)), { consistentRead: true });
  add(await mapWithConcurrency(found.sort(byId), TASK_CONCURRENCY, check));
  const foundIds = new Set(found.map((task) => task.id as string));
  for (const taskId of unlisted.filter((id) => !foundIds.has(id))) {
    report.broken.push(...checkpointProblems(recorded.get(taskId)!, undefined, checkpoint!.at));
  }
  return report;
}

/**
 * The head of every task's chain, for a checkpoint: per plan one Query of its tasks on gsi1, their id,
 * version and audit head only. The index may lag a moment behind the table: a head read from it is then
 * an older head of the same chain, which the checkpoint may record as well as the newest.
 */
export async function readChainHeads(): Promise<ChainHead[]> {
  const heads: ChainHead[] = [];
  for (const { planId } of await listPlans()) {
    const { ExpressionAttributeNames, ProjectionExpression } = projectionOf(HEAD_ATTRIBUTES);
    const items = await queryAll({
      IndexName: indexes.byPlan,
      KeyConditionExpression: '#gsi1pk = :pk',
      ExpressionAttributeNames: { ...ExpressionAttributeNames, '#gsi1pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': keys.planTasks(planId) },
      ProjectionExpression,
    });
    heads.push(...items.map((item) => chainHeadOf(item.id as string, item.version as number, auditHeadOf(item))));
  }
  return heads;
}

const byId = (a: Item, b: Item) => ((a.id as string) < (b.id as string) ? -1 : 1);

/**
 * The plan's task items. gsi1 finds them, but lags behind the table, so the items themselves are read
 * strongly consistent (whole: every field its events may decide is compared); a task the index still
 * lists but that is gone is skipped.
 */
async function planTasks(planId: string): Promise<Item[]> {
  const indexed = await queryAll({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'gsi1pk', '#id': 'id' },
    ExpressionAttributeValues: { ':pk': keys.planTasks(planId) },
    ProjectionExpression: '#id',
  });
  const items = await batchGetAll(indexed.map((item) => keys.task(item.id as string)), { consistentRead: true });
  return items.sort(byId);
}

const slotOf = (event: { taskId: string; at: string; version: number }) => keys.taskEvent(event.taskId, event.at, event.version).sk;

async function checkTask(item: Item, checkpoint: Checkpoint | undefined, recorded: Map<string, ChainHead>): Promise<{ events: number; broken: ChainProblem[] }> {
  const task = fromTaskItem(item);
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
    ExpressionAttributeValues: { ':pk': keys.taskPartition(task.id), ':events': EVENT_PREFIX },
    ConsistentRead: true,
  });
  const events: StoredEvent[] = items.map((event) => ({ ...fromTaskEventItem(event), sk: event.sk as string }));
  const broken = auditTask(
    { task, head: auditHeadOf(item), events },
    { slotOf, ...(checkpoint ? { checkpoint: { at: checkpoint.at, recorded: recorded.get(task.id) } } : {}) },
  );
  return { events: events.length, broken };
}
