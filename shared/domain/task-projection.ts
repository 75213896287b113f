import { canonicalJson } from './audit-chain.js';
import { parseExtensionId } from './extension.js';
import { extendedMilestones } from './milestones.js';
import type { Milestone } from './plan.js';
import type { Task } from './task.js';
import type { TaskEvent } from './task-event.js';

/**
 * What a task's events make of it (pure): the projection `audit verify` compares the stored task with, so
 * that a task item edited without an event shows even though its chain is intact.
 *
 * Only fields the events decide are projected, each as the newest event that touched it left it:
 *
 * - every event: `updatedAt` (the change's time, written with its event);
 * - the lifecycle, the breakdown's revisions and the chase (`progress_reported` … `task_reopened`,
 *   `target_revised`, `task_revised`, `task_withdrawn`, `task_reinstated`, `escalated`): their `to` is the
 *   change itself (status, progress, rebounds, escalation, the revised fields); a field in `from` but not in
 *   `to` was removed (the store leaves undefined out);
 * - `extension_requested`: `pendingExtension` and `extensionRequests` (from the request's id) — its `to`
 *   is the date asked for, not the task's;
 * - `extension_approved`: `deadline`, `originalDeadline` (the first approval's old deadline), the
 *   milestones moved to the new deadline (`extendedMilestones`, when they are known), no pending request;
 *   `extension_refused`: no pending request.
 *
 * A task whose chain starts at its creation (its first event is version 2, or it has none at version 1)
 * starts from what the breakdown creates: `assigned`, no progress, never re-opened, escalated or extended,
 * last updated when created. A chain that starts later (writes older than the chain) starts from nothing
 * known. What the plan sets (title, target, deadline…) is known only once an event changed it.
 */

/** A field whose stored value is not what the task's events make of it (`null` for absent). */
export interface FieldDifference {
  field: string;
  stored: unknown;
  events: unknown;
}

/** The fields the events decide, by name; a field absent from the map is not decided by them. */
export type Projection = Map<string, unknown>;

/** The version a task is created at by the breakdown, before any event. */
const CREATED_VERSION = 1;

export function projectTask(task: Pick<Task, 'version' | 'createdAt'>, events: readonly TaskEvent[]): Projection {
  const ordered = [...events].sort((a, b) => a.version - b.version);
  const fromCreation = ordered.length === 0 ? task.version === CREATED_VERSION : ordered[0]!.version === CREATED_VERSION + 1;
  const state: Projection = fromCreation
    ? new Map<string, unknown>([
        ['status', 'assigned'],
        ['progress', null],
        ['rebounds', undefined],
        ['escalation', undefined],
        ['pendingExtension', undefined],
        ['extensionRequests', undefined],
        ['originalDeadline', undefined],
        ['updatedAt', task.createdAt],
      ])
    : new Map();
  for (const event of ordered) apply(state, event);
  return state;
}

function apply(state: Projection, event: TaskEvent): void {
  applyChange(state, event);
  // Last in the map, so that a difference names the fields that matter first.
  state.delete('updatedAt');
  state.set('updatedAt', event.at);
}

function applyChange(state: Projection, event: TaskEvent): void {
  const fields = event as TaskEvent & { extensionId?: unknown };
  switch (event.type) {
    case 'extension_requested': {
      const request = typeof fields.extensionId === 'string' ? parseExtensionId(fields.extensionId) : undefined;
      state.set('pendingExtension', fields.extensionId);
      if (request) state.set('extensionRequests', request.n);
      else state.delete('extensionRequests');
      return;
    }
    case 'extension_approved': {
      const from = event.from?.deadline;
      const to = event.to?.deadline;
      state.set('pendingExtension', undefined);
      state.set('deadline', to);
      if (state.has('originalDeadline')) state.set('originalDeadline', state.get('originalDeadline') ?? from);
      const milestones = state.get('milestones') as Milestone[] | undefined;
      if (Array.isArray(milestones) && typeof from === 'string' && typeof to === 'string') {
        state.set('milestones', extendedMilestones(milestones, from, to));
      } else state.delete('milestones');
      return;
    }
    case 'extension_refused':
      state.set('pendingExtension', undefined);
      return;
    default: {
      const to = event.to ?? {};
      for (const field of Object.keys(event.from ?? {})) if (!(field in to)) state.set(field, undefined);
      for (const [field, value] of Object.entries(to)) state.set(field, value);
    }
  }
}

/** The fields whose stored value differs from the projection, in the projection's order; none when they agree. */
export function stateDifferences(task: Task, projection: Projection): FieldDifference[] {
  const stored = task as unknown as Record<string, unknown>;
  const differences: FieldDifference[] = [];
  for (const [field, value] of projection) {
    const [storedValue, projected] = [stored[field] ?? null, value ?? null];
    if (canonicalJson(storedValue) !== canonicalJson(projected)) differences.push({ field, stored: storedValue, events: projected });
  }
  return differences;
}
