import { canonicalJson, verifyChain, type AuditHead, type ChainProblem, type StoredEvent } from './audit-chain.js';
import { checkpointProblems, type ChainHead } from './audit-checkpoint.js';
import { projectTask, stateDifferences, type FieldDifference } from './task-projection.js';
import type { Task } from './task.js';
import type { TaskEvent } from './task-event.js';

/**
 * Everything `audit verify` checks of one task (pure), beyond its chain (`verifyChain`):
 *
 * - `out_of_order`: an event stored in a slot its time and version do not give it (its sort key is built
 *   from both): two events' contents swapped between their items keep a sound chain, since the chain is
 *   ordered by version, but the history, which lists events by sort key, shows them out of order. An event
 *   the chain already named (altered, inserted) is not named again.
 * - `state_mismatch`: the stored task is not what its events make of it (task-projection.ts): a task
 *   item edited without an event. One problem per task, every differing field in `fields`.
 * - `behind_checkpoint`, `differs_from_checkpoint`: against the head the latest checkpoint recorded for the
 *   chain (audit-checkpoint.ts).
 */

/** A task as read for the audit: the stored task, the head its item records, its events with their sort keys. */
export interface StoredTaskRecord {
  task: Task;
  head: AuditHead | undefined;
  events: readonly StoredEvent[];
}

export interface AuditContext {
  /** The sort key the store gives an event of this time and version. */
  slotOf: (event: Pick<TaskEvent, 'taskId' | 'at' | 'version'>) => string;
  /** The checkpoint to compare with, and the head it recorded for this task (none: the task came after it). */
  checkpoint?: { at: string; recorded: ChainHead | undefined };
}

export function auditTask({ task, head, events }: StoredTaskRecord, context: AuditContext): ChainProblem[] {
  const chain = verifyChain(task.id, events, head, task.version);
  const named = new Set(chain.flatMap((problem) => (problem.sk === undefined ? [] : [problem.sk])));
  const order = events.filter((event) => event.sk !== undefined && !named.has(event.sk)).flatMap((event) => outOfOrder(task.id, event, context.slotOf(event)));
  const differences = stateDifferences(task, projectTask(task, events));
  const state = differences.length === 0 ? [] : [stateMismatch(task, differences)];
  const recorded = context.checkpoint?.recorded;
  const checkpoint = recorded ? checkpointProblems(recorded, { taskVersion: task.version, head, events }, context.checkpoint!.at) : [];
  const versionOf = (problem: ChainProblem) => problem.version ?? Number.POSITIVE_INFINITY;
  return [...chain, ...order, ...state, ...checkpoint].sort((a, b) => versionOf(a) - versionOf(b));
}

function outOfOrder(taskId: string, event: StoredEvent, slot: string): ChainProblem[] {
  if (event.sk === slot) return [];
  return [
    {
      taskId,
      version: event.version,
      sk: event.sk!,
      problem: 'out_of_order',
      message: `event version ${event.version} of task ${taskId} is stored out of order, at ${event.sk}: its time and version belong at ${slot} (events moved or swapped between items)`,
      messageZh: `任务 ${taskId} 的第 ${event.version} 版事件存放位置错乱，位于 ${event.sk}：按其时间和版本应位于 ${slot}（事件在条目之间被移动或互换）`,
    },
  ];
}

/** Long values (a progress report) are cut in the message; `fields` has them whole. */
const MAX_SHOWN = 120;
const shown = (value: unknown) => {
  const text = canonicalJson(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
};

function stateMismatch(task: Task, fields: FieldDifference[]): ChainProblem {
  const list = fields.map(({ field, stored, events }) => `${field} is ${shown(stored)} where its events make it ${shown(events)}`).join('; ');
  const listZh = fields.map(({ field, stored, events }) => `${field} 为 ${shown(stored)}，而按事件应为 ${shown(events)}`).join('；');
  return {
    taskId: task.id,
    version: task.version,
    problem: 'state_mismatch',
    message: `task ${task.id} as stored is not what its events make of it (changed without an event): ${list}`,
    messageZh: `任务 ${task.id} 的当前状态与其事件不符（未留事件的修改）：${listZh}`,
    fields,
  };
}
