import { allocateGoal } from '../domain/allocation.js';
import type { AuditHead } from '../domain/audit-chain.js';
import { goalLeads } from '../domain/leads.js';
import type { Goal, Plan } from '../domain/plan.js';
import { taskId, type Task } from '../domain/task.js';
import { unitTaskFields } from '../domain/unit-detail.js';
import { canonicalJson } from './content-hash.js';
import { isOpen, type BreakdownChange } from './task-items.js';
import type { TaskEventType } from '../domain/task-event.js';

/**
 * The pure half of writing a goal's tasks: what the tasks should be, and what to do with each task
 * given what is stored. No I/O, so goal-tasks.ts can decide again after re-reading a task.
 */

/** What a breakdown may change on an existing task; never its status or progress, which are the unit's. */
export const revisableFields = [
  'title', 'target', 'direction', 'relative', 'atLeast', 'unitOfMeasure', 'deadline', 'milestones', 'lead', 'coLeads', 'coUnits', 'note',
] as const;
export type RevisableField = (typeof revisableFields)[number];

/** The goal's tasks as a fresh breakdown would create them, in allocation order. */
export function desiredTasks(plan: Plan, goal: Goal, revision: number, now: string): Task[] {
  const [lead, ...coLeads] = goalLeads(goal);
  return allocateGoal(plan, goal).map(({ unitId, target, relative }) => {
    const { title, deadline, milestones, note } = unitTaskFields(plan, goal, unitId);
    return {
      id: taskId(plan.id, goal.id, unitId),
      planId: plan.id,
      goalId: goal.id,
      unitId,
      year: plan.year,
      kind: goal.kind,
      title,
      target,
      ...(goal.kind === 'indicator' ? { direction: goal.direction } : {}),
      ...(relative ? { relative } : {}),
      ...(goal.kind === 'quantity' && goal.atLeast ? { atLeast: true as const } : {}),
      ...(goal.kind === 'action' ? {} : { unitOfMeasure: goal.unitOfMeasure }),
      deadline,
      milestones,
      lead: lead!,
      ...(coLeads.length > 0 ? { coLeads } : {}),
      coUnits: goal.coUnits ?? [],
      ...(note ? { note } : {}),
      status: 'assigned',
      progress: null,
      version: 1,
      planRevision: revision,
      createdAt: now,
      updatedAt: now,
    } satisfies Task;
  });
}

export type Counted = BreakdownChange['change'] | 'unchanged';

export interface Revision {
  type: TaskEventType;
  from: Partial<Pick<Task, RevisableField>>;
  to: Partial<Pick<Task, RevisableField>>;
}

export type TaskDecision =
  | { action: 'create'; task: Task }
  /** `counts` is `created` when an earlier attempt of this run created the task. */
  | { action: 'revise'; current: Task; revision: Revision; counts: 'created' | 'updated' }
  | { action: 'withdraw'; current: Task }
  /** A withdrawn task whose unit the plan allocates again: back to work, with the plan's current fields. */
  | { action: 'reinstate'; current: Task; desired: Task; counts: 'updated' }
  /** Nothing to write; `counts` says how the task adds to the goal's result, if at all. */
  | { action: 'none'; counts: Counted | undefined };

export interface StoredTask {
  task: Task;
  lastBreakdown?: BreakdownChange | undefined;
  /** The newest event of the task's audit chain; absent while the task has no events. */
  auditHead?: AuditHead | undefined;
}

/**
 * What this run does with one task id: `desired` is absent for a unit no longer allocated, `stored` for a
 * task not written yet. Closed tasks are never touched; withdrawn ones only when their unit is allocated again. A change an earlier attempt of the same execution
 * made counts as that change, so a retried goal reports what the run did, not what the retry saw.
 */
export function decideTask(desired: Task | undefined, stored: StoredTask | undefined, executionId: string): TaskDecision {
  if (!stored) return desired ? { action: 'create', task: desired } : { action: 'none', counts: undefined };
  const earlier = stored.lastBreakdown?.executionId === executionId ? stored.lastBreakdown.change : undefined;
  const current = stored.task;
  if (current.status === 'withdrawn' && desired) return { action: 'reinstate', current, desired, counts: 'updated' };
  if (!isOpen(current.status)) return { action: 'none', counts: earlier ?? (desired ? 'unchanged' : undefined) };
  if (!desired) return { action: 'withdraw', current };
  const revision = revisionOf(current, desired);
  if (revision) return { action: 'revise', current, revision, counts: earlier === 'created' ? 'created' : 'updated' };
  return { action: 'none', counts: earlier ?? 'unchanged' };
}

/** The fields of `current` that differ from `desired`, or undefined when none do. */
export function revisionOf(current: Task, desired: Task): Revision | undefined {
  const changed = revisableFields.filter((field) => canonicalJson(current[field]) !== canonicalJson(desired[field]));
  if (changed.length === 0) return undefined;
  const pick = (task: Task) => Object.fromEntries(changed.map((field) => [field, task[field]]));
  return {
    type: changed.length === 1 && changed[0] === 'target' ? 'target_revised' : 'task_revised',
    from: pick(current),
    to: pick(desired),
  };
}
