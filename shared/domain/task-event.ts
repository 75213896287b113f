/** What happened to a task: every change writes one event, in the same transaction as the change. */
export const taskEventTypes = [
  'target_revised',
  'task_revised',
  'task_withdrawn',
  'task_reinstated',
  'progress_reported',
  'closeout_requested',
  'closeout_accepted',
  'closeout_rejected',
  'task_closed',
  'task_reopened',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  /** The chase raised a level of the ladder (提醒 → 催办 → 督办 → 通报 → 约谈); reason and figures say why. */
  'escalated',
] as const;
export type TaskEventType = (typeof taskEventTypes)[number];

/** One entry of a task's history, as the API shows it. */
export interface TaskEvent {
  taskId: string;
  type: TaskEventType;
  at: string;
  /** Who made the change: a token subject, or `breakdown:<executionId>`. */
  by: string;
  /** The task's version after the change: orders the history and keeps its sort keys unique. */
  version: number;
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  /** Why, where the action asks for one (reject, reopen, extension). */
  reason?: string;
}
