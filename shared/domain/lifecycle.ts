import { Forbidden, IllegalTransition, InvalidInput } from './errors.js';
import { taskLeads } from './leads.js';
import type { Task, TaskStatus } from './task.js';
import type { TaskEventType } from './task-event.js';
import { problem } from './zod-problems.js';

/**
 * The task lifecycle: which actor may take which action from which status, in one table
 * (docs/architecture.md, "Who acts on a task"). Routes ask `stepFor` before they write; lists ask
 * `actionsFor` to show what a caller may do next. Nothing here reads or writes.
 */

export const taskActions = ['report', 'request_closeout', 'accept', 'reject', 'close', 'reopen'] as const;
export type TaskAction = (typeof taskActions)[number];

/** What a principal is on one task: its unit (`owner`), one of the goal's lead departments (`lead`), the bureau. */
export const actorKinds = ['owner', 'lead', 'admin'] as const;
export type Actor = (typeof actorKinds)[number];

/**
 * The roles of shared/auth/principal.ts, spelled out because shared/domain imports zod only; a unit test
 * fails when the two lists drift apart.
 */
export type ActingRole = 'admin' | 'reviewer' | 'unit' | 'viewer';

export interface Transition {
  action: TaskAction;
  actors: readonly Actor[];
  from: readonly TaskStatus[];
  /** `by_review_levels`: `accepted` when the plan has two review levels, `closed` when it has one. */
  to: TaskStatus | 'by_review_levels';
  reasonRequired: boolean;
  event: TaskEventType;
}

export const transitions: readonly Transition[] = [
  { action: 'report', actors: ['owner'], from: ['assigned', 'in_progress'], to: 'in_progress', reasonRequired: false, event: 'progress_reported' },
  {
    action: 'request_closeout',
    actors: ['owner'],
    from: ['assigned', 'in_progress'],
    to: 'closeout_requested',
    reasonRequired: false,
    event: 'closeout_requested',
  },
  {
    action: 'accept',
    actors: ['lead', 'admin'],
    from: ['closeout_requested'],
    to: 'by_review_levels',
    reasonRequired: false,
    event: 'closeout_accepted',
  },
  { action: 'reject', actors: ['lead'], from: ['closeout_requested'], to: 'in_progress', reasonRequired: true, event: 'closeout_rejected' },
  // The bureau has the last word: it may still send back what the lead department accepted.
  {
    action: 'reject',
    actors: ['admin'],
    from: ['closeout_requested', 'accepted'],
    to: 'in_progress',
    reasonRequired: true,
    event: 'closeout_rejected',
  },
  { action: 'close', actors: ['admin'], from: ['accepted'], to: 'closed', reasonRequired: false, event: 'task_closed' },
  // 回头看: a closed task found wanting is opened again, and counted (`rebounds`).
  { action: 'reopen', actors: ['lead', 'admin'], from: ['closed'], to: 'in_progress', reasonRequired: true, event: 'task_reopened' },
];

export const statusLabelsZh: Readonly<Record<TaskStatus, string>> = {
  assigned: '已分配',
  in_progress: '进行中',
  closeout_requested: '申请销号',
  accepted: '已验收',
  closed: '已销号',
  withdrawn: '已撤回',
};

export const actionLabelsZh: Readonly<Record<TaskAction, string>> = {
  report: '报告进展',
  request_closeout: '申请销号',
  accept: '验收通过',
  reject: '退回',
  close: '销号',
  reopen: '回头看重新打开',
};

/**
 * What the principal is on this task: `owner` when its unit is the task's (role unit or reviewer), `lead`
 * when it is a reviewer for one of the goal's lead departments (joint leads each review, and the first
 * decision wins: the task's version makes a second one a 409), `admin` for the bureau; a viewer is none.
 * A lead department never reviews its own task (no one accepts their own close-out): there it is owner
 * only, and the other leads or the bureau review.
 */
export function actorsOf(
  principal: { role: ActingRole; unitId?: string },
  task: Pick<Task, 'unitId' | 'lead' | 'coLeads'>,
): Actor[] {
  const { role, unitId } = principal;
  const actors: Actor[] = [];
  if ((role === 'unit' || role === 'reviewer') && unitId !== undefined && unitId === task.unitId) actors.push('owner');
  if (role === 'reviewer' && unitId !== undefined && taskLeads(task).includes(unitId) && unitId !== task.unitId) actors.push('lead');
  if (role === 'admin') actors.push('admin');
  return actors;
}

/** The actions these actors may take from this status, in `taskActions` order (none from `withdrawn`). */
export function actionsFor(status: TaskStatus, actors: readonly Actor[]): TaskAction[] {
  return taskActions.filter((action) => rowsFor(action, actors).some((row) => row.from.includes(status)));
}

/** One change of status, as `stepFor` allows it. */
export interface Step {
  action: TaskAction;
  from: TaskStatus;
  to: TaskStatus;
  event: TaskEventType;
  /** The task comes back from `closed` (回头看): `rebounds` goes up by one. */
  rebound: boolean;
}

/**
 * The step the actors take on the task with this action, or why not: `Forbidden` (403) when no row of
 * the table ever lets them take it, `IllegalTransition` (409) when one does but not from the task's
 * current status, naming that status and what they may do from it instead.
 */
export function stepFor(task: Pick<Task, 'id' | 'status'>, action: TaskAction, actors: readonly Actor[], reviewLevels: 1 | 2): Step {
  const rows = rowsFor(action, actors);
  if (rows.length === 0)
    throw new Forbidden(
      `You may not ${action} task ${task.id}`,
      `您无权对任务 ${task.id} 执行「${actionLabelsZh[action]}」`,
    );
  const row = rows.find((r) => r.from.includes(task.status));
  if (!row) throw illegal(task, action, actionsFor(task.status, actors));
  const to = row.to === 'by_review_levels' ? (reviewLevels === 2 ? 'accepted' : 'closed') : row.to;
  return { action, from: task.status, to, event: row.event, rebound: action === 'reopen' };
}

/**
 * The reason to record for the action, trimmed; `undefined` when none was given. A missing or blank
 * reason where the table requires one is `InvalidInput` at `reason`.
 */
export function checkReason(action: TaskAction, reason: string | undefined): string | undefined {
  const text = reason?.trim() || undefined;
  if (text === undefined && reasonRequired(action))
    throw new InvalidInput([
      problem(
        ['reason'],
        'required',
        `is required: say why you ${action} the task`,
        `必须填写：请说明「${actionLabelsZh[action]}」的理由`,
      ),
    ]);
  return text;
}

export function reasonRequired(action: TaskAction): boolean {
  return transitions.some((row) => row.action === action && row.reasonRequired);
}

function rowsFor(action: TaskAction, actors: readonly Actor[]): Transition[] {
  return transitions.filter((row) => row.action === action && row.actors.some((actor) => actors.includes(actor)));
}

function illegal(task: Pick<Task, 'id' | 'status'>, action: TaskAction, allowed: readonly TaskAction[]): IllegalTransition {
  const status = task.status;
  const statusZh = statusLabelsZh[status];
  const next =
    allowed.length > 0
      ? `from there you may: ${allowed.join(', ')}`
      : 'from there you may take no action';
  const nextZh =
    allowed.length > 0
      ? `该状态下您可以：${allowed.map((a) => actionLabelsZh[a]).join('、')}`
      : '该状态下您没有可执行的操作';
  return new IllegalTransition(
    `Task ${task.id} is ${status}, so you cannot ${action} it; ${next}`,
    `任务 ${task.id} 当前状态为「${statusZh}」，不能${actionLabelsZh[action]}；${nextZh}`,
  );
}
