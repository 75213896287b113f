import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock/clock.js';
import { YearFrozen } from '../domain/assessment/errors.js';
import { InvalidInput, NotFound, StaleVersion } from '../domain/errors.js';
import { taskLeads } from '../domain/leads.js';
import { offTargetSince } from '../domain/lateness.js';
import { actorsOf, checkReason, stepFor, type Step, type TaskAction } from '../domain/lifecycle.js';
import { progressFromReport, type ProgressReport } from '../domain/progress.js';
import { problem } from '../domain/zod-problems.js';
import type { Task } from '../domain/task.js';
import { ADMIN_INBOX } from '../notify/inboxes.js';
import { taskMessage } from '../notify/task-messages.js';
import { missingEvidence } from '../store/evidence-repo.js';
import { retryableOnTransient } from '../store/faults.js';
import { getFreeze, notFrozenCheck } from '../store/freeze.js';
import { commitTaskChange, getTaskForChange, type CommittedChange, type TaskChange, type TaskForChange } from '../store/task-changes.js';
import { actorName } from './actor.js';
import { planSettings, type PlanSettings } from './plan-settings.js';
import { viewOf, type TaskView } from './task-view.js';

/** Who acts on which task, at which version they read it. */
export interface TaskRequest {
  taskId: string;
  principal: Principal;
  expectedVersion: number;
  clock: Clock;
  /**
   * The day a close-out, acceptance or close counts for, when the caller names one (a simulated year's
   * day): recorded on the event as `on`, beside its real time, and what the assessment dates it by.
   */
  on?: string;
}

/** The task at the version the caller read, or why not: 404 when it does not exist, 409 when it moved on. */
export async function taskAtVersion(taskId: string, expectedVersion: number): Promise<TaskForChange> {
  const current = await getTaskForChange(taskId);
  if (!current) throw new NotFound(`Task ${taskId} not found`, `未找到任务 ${taskId}`);
  if (current.task.version !== expectedVersion) throw new StaleVersion(current.task.version);
  return current;
}

type Recipients = (task: Task, step: Step) => string[];

interface ActionPlan {
  action: TaskAction;
  reason?: string | undefined;
  note?: string | undefined;
  /** Fields the action sets besides the status (e.g. progress). */
  fields?: (task: Task, settings: PlanSettings) => Promise<Partial<Task>> | Partial<Task>;
  /** What the event records besides the change (e.g. the report a close-out request rests on). */
  eventFields?: (task: Task) => Record<string, unknown>;
  notify: Recipients;
}

/**
 * One lifecycle action: the task read at the caller's version, the step the lifecycle table allows the
 * caller (403/409 otherwise), then the change, its audit event and its notifications in one transaction.
 */
async function act(request: TaskRequest, plan: ActionPlan): Promise<TaskView> {
  const reason = checkReason(plan.action, plan.reason);
  const current = await taskAtVersion(request.taskId, request.expectedVersion);
  const { task } = current;
  const frozen = await frozenFor(task.year, request.principal);
  const settings = await planSettings(task.planId, request.clock);
  const step = stepFor(task, plan.action, actorsOf(request.principal, task), settings.tracking.reviewLevels);
  if (request.on !== undefined) checkActedOn(request.on, task, settings.today);
  const fields = (await plan.fields?.(task, settings)) ?? {};
  const changes: Partial<Task> = { ...fields, status: step.to, ...(step.rebound ? { rebounds: (task.rebounds ?? 0) + 1 } : {}) };
  const recorded = Object.keys(changes) as (keyof Task)[];
  const change: TaskChange = {
    current,
    changes,
    event: {
      type: step.event,
      from: Object.fromEntries(recorded.map((name) => [name, task[name] ?? null])),
      to: changes,
      ...(reason ? { reason } : {}),
      ...(plan.note ? { note: plan.note } : {}),
      ...(request.on === undefined ? {} : { on: request.on }),
      ...plan.eventFields?.(task),
    },
    by: actorName(request.principal),
    at: request.clock.now().toISOString(),
    tracking: settings.tracking,
    notifications: plan.notify(task, step).map((inbox) => ({
      unitId: inbox,
      kind: step.event,
      ...taskMessage(step.event, task, reason ? { reason } : {}),
      planId: task.planId,
      taskId: task.id,
    })),
  };
  const { task: changed } = await commitUnderFreeze(change, request.principal, frozen);
  return viewOf(changed, settings);
}

/** A named day may not be in the future, nor before the report the task's work rests on. */
function checkActedOn(on: string, task: Task, today: string): void {
  const reportedOn = task.progress?.asOf;
  if (on > today) throw new InvalidInput([problem(['on'], 'not_future', `${on} is after today (${today})`, `${on} 晚于今天（${today}）`)]);
  if (reportedOn !== undefined && on < reportedOn)
    throw new InvalidInput([
      problem(['on'], 'date_order', `${on} is before the last progress report, as of ${reportedOn}`, `${on} 早于最近一次进展报告的日期（${reportedOn}）`),
    ]);
}

/**
 * Whether the task's year is frozen for its assessment (docs/architecture.md "Freeze"); once it is, only an
 * admin changes the year's tasks: anyone else hears YearFrozen before anything else about the change.
 */
export async function frozenFor(year: number, principal: Principal): Promise<boolean> {
  const frozen = (await getFreeze(year)) !== undefined;
  if (frozen && principal.role !== 'admin') throw new YearFrozen(year);
  return frozen;
}

/**
 * Commits a person's change of a task under its year's freeze, as `frozenFor` found it: an admin's change
 * of a frozen year is marked in its event (`afterFreeze`). Before the freeze the transaction checks that
 * the freeze is still absent, so a change racing it is refused (YearFrozen) for a non-admin, and an
 * admin's goes through marked. Every change a person asks for goes through here; the chase and the
 * breakdown leave frozen years alone.
 */
export async function commitUnderFreeze(change: TaskChange, principal: Principal, frozen: boolean): Promise<CommittedChange> {
  const { year } = change.current.task;
  const markedAfterFreeze: TaskChange = { ...change, event: { ...change.event, afterFreeze: true } };
  if (frozen) return retryableOnTransient(() => commitTaskChange(markedAfterFreeze));
  try {
    return await retryableOnTransient(() => commitTaskChange({ ...change, extra: [...(change.extra ?? []), notFrozenCheck(year)] }));
  } catch (error) {
    if (!(error instanceof YearFrozen) || principal.role !== 'admin') throw error;
    return retryableOnTransient(() => commitTaskChange(markedAfterFreeze));
  }
}

/** 报告进展: the unit's cumulative report; the first one starts the work. */
export function reportProgress(request: TaskRequest, report: ProgressReport): Promise<TaskView> {
  return act(request, {
    action: 'report',
    fields: async (task, settings) => {
      const reported = progressFromReport(task, report, { today: settings.today, by: actorName(request.principal), at: request.clock.now().toISOString() });
      const since = offTargetSince(task, reported, settings.tracking.margin);
      const progress = since === undefined ? reported : { ...reported, offTargetSince: since };
      const missing = report.evidence?.length ? await missingEvidence(task.id, report.evidence) : [];
      if (missing.length > 0) {
        throw new InvalidInput(
          missing.map((id) => problem(['evidence', report.evidence!.indexOf(id)], 'unknown_evidence', `No evidence ${id} was uploaded for this task`, `本任务没有编号为 ${id} 的证明材料`)),
        );
      }
      return { progress };
    },
    notify: () => [],
  });
}

/**
 * 申请销号: every lead department of the goal but the task's own unit is asked to review (joint leads each
 * may); the bureau, when the task's unit is the goal's only lead.
 */
export function requestCloseout(request: TaskRequest, note?: string): Promise<TaskView> {
  return act(request, {
    action: 'request_closeout',
    note,
    // The day the work was reported done, which the assessment judges timeliness by (docs/plan-format.md).
    eventFields: (task) => (task.progress ? { reportedAsOf: task.progress.asOf } : {}),
    notify: (task) => {
      const reviewers = taskLeads(task).filter((lead) => lead !== task.unitId);
      return reviewers.length > 0 ? reviewers : [ADMIN_INBOX];
    },
  });
}

/** 验收 or 退回. With two review levels an accepted task waits for the bureau, which is told. */
export function reviewCloseout(request: TaskRequest, decision: 'accept' | 'reject', reason?: string): Promise<TaskView> {
  return act(request, {
    action: decision,
    reason,
    notify: (task, step) => (step.to === 'accepted' ? [task.unitId, ADMIN_INBOX] : [task.unitId]),
  });
}

/** 销号 by the bureau after the lead's acceptance. */
export function closeTask(request: TaskRequest, note?: string): Promise<TaskView> {
  return act(request, { action: 'close', note, notify: (task) => [task.unitId] });
}

/** 回头看: a closed task found wanting goes back to work, counted as a rebound. */
export function reopenTask(request: TaskRequest, reason: string): Promise<TaskView> {
  return act(request, { action: 'reopen', reason, notify: (task) => [...new Set([task.unitId, ...taskLeads(task)])] });
}
