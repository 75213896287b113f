import { Conflict, IllegalTransition, InvalidInput } from './errors.js';
import { isoDate } from './ids.js';
import { statusLabelsZh } from './lifecycle.js';
import type { Problem } from './problem.js';
import { openStatuses, parseTaskId } from './task.js';
import type { Task } from './task.js';
import { problem, show } from './zod-problems.js';

/**
 * Extension requests (延期申请): the owner of an open task asks, before its deadline, for a later deadline
 * within the plan year; one request waits at a time, and the bureau decides.
 */

export const MAX_EXTENSIONS = 999;

/**
 * Throws unless the request may be filed: `IllegalTransition` for a task that is not open, `Conflict`
 * while another request waits, `InvalidInput` naming every problem of the request itself.
 */
export function checkExtensionRequest(
  task: Pick<Task, 'status' | 'deadline' | 'year' | 'pendingExtension'>,
  request: { to: string; reason: string },
  today: string,
): void {
  if (!openStatuses.includes(task.status))
    throw new IllegalTransition(
      `The task is ${task.status}: an extension can be requested only for an open task`,
      `任务当前状态为「${statusLabelsZh[task.status]}」，只有未办结的任务才能申请延期`,
    );
  if (task.pendingExtension !== undefined)
    throw new Conflict(
      `An extension request is already waiting for a decision (${task.pendingExtension})`,
      `已有一项延期申请等待审批（${task.pendingExtension}）`,
    );

  const problems: Problem[] = [];
  if (today > task.deadline)
    problems.push(
      problem(
        ['deadline'],
        'too_late',
        `the deadline ${task.deadline} has passed: requests must come before the deadline`,
        `完成时限 ${task.deadline} 已过：延期须在完成时限前申请`,
      ),
    );
  problems.push(...newDeadlineProblems(task, request.to));
  if (request.reason.trim() === '')
    problems.push(problem(['reason'], 'required', 'is required: say why the task needs more time', '必须填写：请说明延期理由'));
  if (problems.length > 0) throw new InvalidInput(problems, 'The extension request is invalid', '延期申请内容不符合要求');
}

function newDeadlineProblems(task: Pick<Task, 'deadline' | 'year'>, to: string): Problem[] {
  if (!isoDate.safeParse(to).success)
    return [problem(['to'], 'date', `${show(to)} is not a date (use YYYY-MM-DD)`, `${show(to)} 不是有效日期（格式 YYYY-MM-DD）`)];
  const yearEnd = `${task.year}-12-31`;
  if (to <= task.deadline)
    return [
      problem(
        ['to'],
        'too_small',
        `${to} is not after the current deadline ${task.deadline}`,
        `${to} 不晚于现有完成时限 ${task.deadline}`,
      ),
    ];
  if (to > yearEnd)
    return [
      problem(['to'], 'date_range', `${to} is after the end of the plan year (${yearEnd})`, `${to} 超出计划年度（最晚 ${yearEnd}）`),
    ];
  return [];
}

/** `<taskId>~<n>`: the n-th extension request of the task (1…999). */
export function extensionId(taskId: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_EXTENSIONS) throw new RangeError(`extension number ${n} is not 1…${MAX_EXTENSIONS}`);
  return `${taskId}~${n}`;
}

export function parseExtensionId(id: string): { taskId: string; n: number } | undefined {
  const match = /^([^~]+)~([1-9]\d{0,2})$/.exec(id);
  if (!match || parseTaskId(match[1]!) === undefined) return undefined;
  return { taskId: match[1]!, n: Number(match[2]) };
}
