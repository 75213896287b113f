import type { AuditHead, ChainedEvent } from '../domain/audit-chain.js';
import { openStatuses, type Task, type TaskStatus } from '../domain/task.js';
import type { TaskEvent } from '../domain/task-event.js';
import type { Item } from './batch.js';
import { openTaskKeys, type CheckTracking } from './check-dates.js';
import { keys } from './keys.js';

/**
 * Task and task-event items. A task item is the Task itself plus its keys: base, gsi1 (by plan and
 * goal), gsi2 (by unit and due date) and, only while the task is chased, the sparse gsi3 (by its next
 * check date, shared/store/check-dates.ts).
 */

/** Which breakdown last changed a task and how: lets a retried goal count what its first attempt wrote. */
export interface BreakdownChange {
  executionId: string;
  change: 'created' | 'updated' | 'withdrawn';
}

/**
 * Attributes that are keys or bookkeeping, not part of the Task (`auditHead`: the newest event of its
 * chain; `ledger`: its score-relevant events, `ledgerComplete`: the ledger holds all of them).
 */
const itemOnly = [
  'pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'lastBreakdown', 'auditHead', 'ledger', 'ledgerComplete',
] as const;

export function isOpen(status: TaskStatus): boolean {
  return openStatuses.includes(status);
}

function taskIndexKeys(task: Pick<Task, 'id' | 'planId' | 'goalId' | 'unitId' | 'year' | 'deadline'>) {
  return {
    ...keys.taskByPlan(task.planId, task.goalId, task.unitId),
    ...keys.taskByUnit(task.unitId, task.year, task.deadline, task.id),
  };
}

/**
 * The task's item. `tracking` (the plan's) puts it on gsi3 while it is chased, by its check date; without
 * it the item has no gsi3 keys (only for items that are never stored, as in unit tests with mocks).
 */
export function toTaskItem(task: Task, lastBreakdown?: BreakdownChange, tracking?: CheckTracking): Item {
  return {
    ...keys.task(task.id),
    ...taskIndexKeys(task),
    ...((tracking && openTaskKeys(task, tracking)) ?? {}),
    entity: 'task',
    ...task,
    ...(lastBreakdown ? { lastBreakdown } : {}),
  };
}

/**
 * The item of a task created now: its ledger (the score-relevant events, appended by each change's
 * transaction, shared/store/ledger.ts) starts empty and complete, so the assessment reads it instead of
 * the task's events.
 */
export function newTaskItem(task: Task, lastBreakdown?: BreakdownChange, tracking?: CheckTracking): Item {
  return { ...toTaskItem(task, lastBreakdown, tracking), ledger: [], ledgerComplete: true };
}

/** The order fields are presented in: DynamoDB returns attributes in no particular order. */
const taskFieldOrder: readonly (keyof Task)[] = [
  'id', 'planId', 'goalId', 'unitId', 'year', 'kind', 'title', 'target', 'direction', 'relative', 'atLeast', 'unitOfMeasure', 'deadline',
  'milestones', 'lead', 'coLeads', 'coUnits', 'note', 'status', 'progress', 'rebounds', 'originalDeadline', 'pendingExtension', 'escalation', 'version', 'planRevision', 'createdAt', 'updatedAt',
];

export function fromTaskItem(item: Item): Task {
  const rest: Item = { ...item };
  for (const name of itemOnly) delete rest[name];
  const ordered: Item = {};
  for (const name of taskFieldOrder) {
    if (name in rest) ordered[name] = rest[name];
  }
  // Anything a later version stores beyond today's fields is kept, after them.
  return { ...ordered, ...rest } as Task;
}

export function lastBreakdownOf(item: Item): BreakdownChange | undefined {
  return item.lastBreakdown as BreakdownChange | undefined;
}

/**
 * The newest event of the task's audit chain as its item records it; undefined when the task has no
 * events yet (or the attribute is not of its shape).
 */
export function auditHeadOf(item: Item): AuditHead | undefined {
  const head = item.auditHead as Partial<AuditHead> | undefined;
  if (head === null || typeof head !== 'object' || typeof head.version !== 'number' || typeof head.hash !== 'string') return undefined;
  return { version: head.version, hash: head.hash };
}

/** The event's item. The event is already chained (`chainEvent`): it carries `prevHash` and `hash`. */
export function taskEventItem(event: TaskEvent): Item {
  return { ...keys.taskEvent(event.taskId, event.at, event.version), entity: 'taskEvent', ...event };
}

const eventFieldOrder: readonly (keyof ChainedEvent)[] = ['taskId', 'type', 'at', 'by', 'version', 'from', 'to', 'reason'];

/**
 * The event of a task-event item, without what `taskEventItem` added (its keys and entity): anything else
 * is content, so the chain covers it. In a fixed field order, `prevHash` and `hash` last.
 */
export function fromTaskEventItem(item: Item): ChainedEvent {
  const { pk: _pk, sk: _sk, entity: _entity, prevHash, hash, ...fields } = item;
  const ordered: Item = {};
  for (const name of eventFieldOrder) {
    if (name in fields) ordered[name] = fields[name];
  }
  return {
    ...ordered,
    ...fields,
    ...(prevHash === undefined ? {} : { prevHash }),
    ...(hash === undefined ? {} : { hash }),
  } as ChainedEvent;
}
