import { openStatuses, type Task, type TaskStatus } from '../domain/task.js';
import type { TaskEvent } from '../domain/task-event.js';
import type { Item } from './batch.js';
import { keys } from './keys.js';

/**
 * Task and task-event items. A task item is the Task itself plus its keys: base, gsi1 (by plan and
 * goal), gsi2 (by unit and due date) and, only while the task is open, the sparse gsi3 (open by due).
 */

/** Which breakdown last changed a task and how: lets a retried goal count what its first attempt wrote. */
export interface BreakdownChange {
  executionId: string;
  change: 'created' | 'updated' | 'withdrawn';
}

/** Attributes that are keys or bookkeeping, not part of the Task. */
const itemOnly = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'lastBreakdown'] as const;

export function isOpen(status: TaskStatus): boolean {
  return openStatuses.includes(status);
}

function taskIndexKeys(task: Pick<Task, 'id' | 'planId' | 'goalId' | 'unitId' | 'year' | 'deadline'>) {
  return {
    ...keys.taskByPlan(task.planId, task.goalId, task.unitId),
    ...keys.taskByUnit(task.unitId, task.year, task.deadline, task.id),
  };
}

export function toTaskItem(task: Task, lastBreakdown?: BreakdownChange): Item {
  return {
    ...keys.task(task.id),
    ...taskIndexKeys(task),
    ...(isOpen(task.status) ? keys.openTask(task.year, task.id, task.deadline) : {}),
    entity: 'task',
    ...task,
    ...(lastBreakdown ? { lastBreakdown } : {}),
  };
}

/** The order fields are presented in: DynamoDB returns attributes in no particular order. */
const taskFieldOrder: readonly (keyof Task)[] = [
  'id', 'planId', 'goalId', 'unitId', 'year', 'kind', 'title', 'target', 'direction', 'unitOfMeasure', 'deadline',
  'milestones', 'lead', 'coUnits', 'status', 'progress', 'rebounds', 'originalDeadline', 'pendingExtension', 'version', 'planRevision', 'createdAt', 'updatedAt',
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

export function taskEventItem(event: TaskEvent): Item {
  return { ...keys.taskEvent(event.taskId, event.at, event.version), entity: 'taskEvent', ...event };
}
