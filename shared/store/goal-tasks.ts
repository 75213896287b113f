import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { chainEvent, nextPrevHash, type AuditHead } from '../domain/audit-chain.js';
import { RetryableError } from '../domain/errors.js';
import type { Goal, Plan } from '../domain/plan.js';
import type { Task } from '../domain/task.js';
import { batchGetAll, batchWriteAll, type Item } from './batch.js';
import { dynamo } from './client.js';
import { updateOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { decideTask, revisionOf, desiredTasks, type Counted, type StoredTask, type TaskDecision } from './goal-task-decisions.js';
import { openTaskKeys, type CheckTracking } from './check-dates.js';
import { keys } from './keys.js';
import { markSummaryStale } from './plan-summary.js';
import { mapWithConcurrency } from './pool.js';
import { queryAll } from './query.js';
import { indexes, tableName } from './table.js';
import { auditHeadOf, fromTaskItem, lastBreakdownOf, newTaskItem, taskEventItem, type BreakdownChange } from './task-items.js';
import type { TaskEvent } from '../domain/task-event.js';

export interface GoalSyncInput {
  plan: Plan;
  revision: number;
  goal: Goal;
  executionId: string;
}

export interface ChangedUnits {
  created: string[];
  updated: string[];
  withdrawn: string[];
}

export interface GoalSyncResult {
  goalId: string;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  changedUnits: ChangedUnits;
}

/** Transactions in flight at once while revising or withdrawing a goal's tasks. */
const CHANGE_CONCURRENCY = 8;
/** Tries per task when someone else changes it between our read and our write. */
const CHANGE_ATTEMPTS = 4;

/**
 * Brings the stored tasks of one goal in line with the plan. Tasks that do not exist are written blindly
 * in batches: the plan's breakdown lock means only this run can create them after our consistent read.
 * Existing open tasks are changed one transaction each, conditioned on their version and written with a
 * history event; unchanged and closed tasks are not written at all, so re-running an unchanged plan
 * writes nothing.
 */
export async function syncGoalTasks(input: GoalSyncInput, clock: Clock): Promise<GoalSyncResult> {
  const { plan, revision, goal, executionId } = input;
  const now = clock.now().toISOString();
  const desired = new Map(desiredTasks(plan, goal, revision, now).map((task) => [task.id, task]));
  const stored = await readGoalTasks(plan.id, goal.id, [...desired.keys()]);
  const ids = [...new Set([...desired.keys(), ...stored.keys()])];
  const decisions = ids.map((id) => ({ id, decision: decideTask(desired.get(id), stored.get(id), executionId) }));
  // Too many writes at once to count each in the plan's summary: it is rebuilt when the run ends (decision 0017).
  if (decisions.some(({ decision }) => decision.action !== 'none')) await markSummaryStale(plan.id, executionId, now);

  const creates = decisions.flatMap(({ decision }) => (decision.action === 'create' ? [decision.task] : []));
  const created: BreakdownChange = { executionId, change: 'created' };
  await batchWriteAll(creates.map((task) => ({ PutRequest: { Item: newTaskItem(task, created, plan.tracking) } })));

  const outcomes = await mapWithConcurrency(decisions, CHANGE_CONCURRENCY, async ({ id, decision }) => {
    const unitId = (desired.get(id) ?? stored.get(id)!.task).unitId;
    if (decision.action === 'create') return { unitId, counts: 'created' as const };
    if (decision.action === 'none') return { unitId, counts: decision.counts };
    return { unitId, counts: await changeTask(id, decision, stored.get(id)?.auditHead, desired.get(id), { executionId, revision, now, tracking: plan.tracking }) };
  });
  return tally(goal.id, outcomes);
}

/**
 * The stored tasks of the goal, strongly consistent: those of the allocated units by their deterministic
 * ids, and those of units no longer allocated, found on gsi1 (eventually consistent there, so re-read).
 */
async function readGoalTasks(planId: string, goalId: string, desiredIds: string[]): Promise<Map<string, StoredTask>> {
  const [items, indexed] = await Promise.all([
    batchGetAll(desiredIds.map((id) => keys.task(id)), { consistentRead: true }),
    queryAll({
      IndexName: indexes.byPlan,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.planTasks(planId), ':prefix': keys.goalTasksPrefix(goalId) },
      ProjectionExpression: '#id',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk', '#id': 'id' },
    }),
  ]);
  const wanted = new Set(desiredIds);
  const others = indexed.map((item) => item.id as string).filter((id) => !wanted.has(id));
  if (others.length > 0) items.push(...(await batchGetAll(others.map((id) => keys.task(id)), { consistentRead: true })));
  return new Map(items.map((item) => [item.id as string, storedTask(item)]));
}

/**
 * Revises or withdraws one task: the update (conditioned on the version read) and its history event in
 * one transaction. When the task changed meanwhile (a unit reported progress), read it again and decide
 * again: the unit's change is kept and ours applied on top, or found unnecessary. `head` is the audit
 * head read with the task: the event is chained onto it.
 */
async function changeTask(
  id: string,
  first: TaskChange,
  head: AuditHead | undefined,
  desired: Task | undefined,
  run: RunContext,
): Promise<Counted | undefined> {
  let decision: TaskDecision = first;
  let auditHead = head;
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
    if (decision.action === 'none') return decision.counts;
    if (decision.action === 'create') throw new Error(`task ${id} disappeared while being changed`);
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: changeItems(decision, auditHead, run) }));
      return decision.action === 'withdraw' ? 'withdrawn' : decision.counts;
    } catch (error) {
      // Only a stale version (or a transaction colliding on the task) is ours to resolve here.
      const taskCode = cancellationCodes(error)?.[0];
      if (taskCode !== 'ConditionalCheckFailed' && taskCode !== 'TransactionConflict') throw error;
    }
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.task(id), ConsistentRead: true }));
    const stored = Item ? storedTask(Item) : undefined;
    auditHead = stored?.auditHead;
    decision = decideTask(desired, stored, run.executionId);
  }
  throw new RetryableError(`task ${id} kept changing while the breakdown revised it`);
}

interface RunContext {
  executionId: string;
  revision: number;
  now: string;
  /** The plan's: the check dates of revised and reinstated tasks (gsi3). */
  tracking: CheckTracking;
}

type TaskChange = Extract<TaskDecision, { action: 'revise' | 'withdraw' | 'reinstate' }>;

/**
 * The conditional update of the task and its history event, for one TransactWriteItems: the event is
 * chained onto the task's audit head (or the genesis), and the head moves to it in the same update.
 */
function changeItems(decision: TaskChange, head: AuditHead | undefined, run: RunContext) {
  const { current } = decision;
  const version = current.version + 1;
  const { set, remove, event } =
    decision.action === 'withdraw' ? withdrawal(current, run) : decision.action === 'reinstate' ? reinstatement(decision, run) : revision(decision, run);
  const chained = chainEvent(
    { ...event, taskId: current.id, at: run.now, by: `breakdown:${run.executionId}`, version },
    nextPrevHash(current.id, head),
  );
  const auditHead: AuditHead = { version, hash: chained.hash };
  const update = updateOf({ ...set, version, updatedAt: run.now, planRevision: run.revision, auditHead }, remove);
  const history = taskEventItem(chained);
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.task(current.id),
        ...update,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#version': 'version' },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expected': current.version },
      },
    },
    { Put: { TableName: tableName(), Item: history, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

type Change = { set: Record<string, unknown>; remove: string[]; event: Pick<TaskEvent, 'type' | 'from' | 'to'> };

/** Withdrawn, progress kept, and out of the open-task index: the chase no longer sees it. */
function withdrawal(current: Task, run: RunContext): Change {
  return {
    set: { status: 'withdrawn', lastBreakdown: { executionId: run.executionId, change: 'withdrawn' } },
    remove: ['gsi3pk', 'gsi3sk'],
    event: { type: 'task_withdrawn', from: { status: current.status }, to: { status: 'withdrawn' } },
  };
}

/**
 * Back in the open-task index with the plan's current fields, and back to work: `in_progress` when the
 * unit had reported before the withdrawal (its progress was kept), `assigned` otherwise.
 */
function reinstatement(decision: Extract<TaskDecision, { action: 'reinstate' }>, run: RunContext): Change {
  const { current, desired } = decision;
  const status = current.progress ? 'in_progress' : 'assigned';
  const changed = revisionOf(current, desired);
  const reinstated: Task = { ...current, ...changed?.to, status };
  const fields = {
    ...changed?.to,
    status,
    lastBreakdown: { executionId: run.executionId, change: decision.counts },
    ...keys.taskByUnit(desired.unitId, desired.year, desired.deadline, desired.id),
    ...checkDateFields(reinstated, run.tracking),
  };
  return {
    ...setAndRemove(fields),
    event: { type: 'task_reinstated', from: { status: current.status, ...changed?.from }, to: { status, ...changed?.to } },
  };
}

/**
 * The changed fields only; a new deadline also moves the task in the by-unit index, and any revision
 * (deadline, target, milestones…) recomputes its check date on gsi3.
 */
function revision(decision: Extract<TaskDecision, { action: 'revise' }>, run: RunContext): Change {
  const { current, revision: { type, from, to } } = decision;
  const revised = { ...current, ...to } as Task;
  const fields: Record<string, unknown> = {
    ...to,
    lastBreakdown: { executionId: run.executionId, change: decision.counts },
    ...(to.deadline === undefined ? {} : keys.taskByUnit(revised.unitId, revised.year, revised.deadline, revised.id)),
    ...checkDateFields(revised, run.tracking),
  };
  return { ...setAndRemove(fields), event: { type, from, to } };
}

/** gsi3 of the task as it will be: its keys while chased, else `undefined` (removed by `setAndRemove`). */
function checkDateFields(task: Task, tracking: CheckTracking): Record<'gsi3pk' | 'gsi3sk', string | undefined> {
  return openTaskKeys(task, tracking) ?? { gsi3pk: undefined, gsi3sk: undefined };
}

/** A field the goal no longer has (an indicator's direction, say) is removed, not set to nothing. */
function setAndRemove(fields: Record<string, unknown>): Pick<Change, 'set' | 'remove'> {
  return {
    set: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    remove: Object.keys(fields).filter((name) => fields[name] === undefined),
  };
}

function storedTask(item: Item): StoredTask {
  return { task: fromTaskItem(item), lastBreakdown: lastBreakdownOf(item), auditHead: auditHeadOf(item) };
}

function tally(goalId: string, outcomes: { unitId: string; counts: Counted | undefined }[]): GoalSyncResult {
  const result: GoalSyncResult = { goalId, created: 0, updated: 0, unchanged: 0, withdrawn: 0, changedUnits: { created: [], updated: [], withdrawn: [] } };
  for (const { unitId, counts } of outcomes) {
    if (counts === undefined) continue;
    result[counts] += 1;
    if (counts !== 'unchanged') result.changedUnits[counts].push(unitId);
  }
  return result;
}
