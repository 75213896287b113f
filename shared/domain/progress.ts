import { InvalidInput } from './errors.js';
import { isoDate } from './ids.js';
import type { GoalKind } from './plan.js';
import type { Problem } from './problem.js';
import type { Task, TaskProgress } from './task.js';
import { problem, show } from './zod-problems.js';

/**
 * A unit's progress report (`POST /tasks/{id}/updates`), checked against its task: which fields the goal
 * kind takes, and dates that move forward within the plan year. The report is cumulative, so the result
 * replaces the task's progress; the history keeps every report.
 */
export interface ProgressReport {
  asOf: string;
  done?: number;
  value?: number;
  period?: string;
  complete?: boolean;
  note?: string;
  evidence?: string[];
}

type Measure = 'done' | 'value' | 'period' | 'complete';
const measures: readonly Measure[] = ['done', 'value', 'period', 'complete'];

/** The fields each kind of goal reports, in words for the messages. */
const kindFields: Record<GoalKind, { fields: readonly Measure[]; en: string; zh: string }> = {
  quantity: { fields: ['done'], en: 'a quantity task reports done (the cumulative amount)', zh: '数量类任务填报 done（累计完成量）' },
  indicator: { fields: ['value', 'period'], en: 'an indicator task reports value and period', zh: '指标类任务填报 value（数值）和 period（期间）' },
  action: { fields: ['complete'], en: 'an action task reports complete (true or false)', zh: '行动类任务填报 complete（是否完成）' },
};

const kindNames: Record<GoalKind, { en: string; zh: string }> = {
  quantity: { en: 'quantity', zh: '数量类' },
  indicator: { en: 'indicator', zh: '指标类' },
  action: { en: 'action', zh: '行动类' },
};

/** Which kind takes a field, for the message refusing it elsewhere. */
const fieldKind: Record<Measure, GoalKind> = { done: 'quantity', value: 'indicator', period: 'indicator', complete: 'action' };

export interface ReportContext {
  /** The plan's calendar day today (YYYY-MM-DD). */
  today: string;
  /** Who reports: the token subject. */
  by: string;
  /** When (ISO timestamp). */
  at: string;
}

/**
 * The task's new progress from a report, or `InvalidInput` naming every problem at once: fields the goal
 * kind needs or does not take, an `asOf` in the future, before the previous report or outside the plan
 * year, a `period` that is not `YYYY`, `YYYY-Qn` or `YYYY-MM` of the plan year.
 */
export function progressFromReport(task: Pick<Task, 'kind' | 'year' | 'progress'>, report: ProgressReport, context: ReportContext): TaskProgress {
  const problems = [...fieldProblems(task, report), ...asOfProblems(task, report.asOf, context.today)];
  if (problems.length > 0)
    throw new InvalidInput(problems, 'The progress report is invalid', '进展报告内容不符合要求');

  const measured: Partial<TaskProgress> =
    task.kind === 'quantity'
      ? { done: report.done }
      : task.kind === 'indicator'
        ? { value: report.value, period: report.period }
        : { complete: report.complete };
  const progress: TaskProgress = {
    asOf: report.asOf,
    ...measured,
    ...(report.note?.trim() ? { note: report.note } : {}),
    ...(report.evidence?.length ? { evidence: [...report.evidence] } : {}),
    reportedBy: context.by,
    reportedAt: context.at,
  };
  return progress;
}

function fieldProblems(task: Pick<Task, 'kind' | 'year'>, report: ProgressReport): Problem[] {
  const wanted = kindFields[task.kind];
  const problems: Problem[] = [];
  for (const field of measures) {
    const given = report[field] !== undefined;
    if (wanted.fields.includes(field) && !given)
      problems.push(problem([field], 'required', `is required: ${wanted.en}`, `必须填写：${wanted.zh}`));
    if (!wanted.fields.includes(field) && given) {
      const own = kindNames[fieldKind[field]];
      problems.push(
        problem(
          [field],
          'not_allowed',
          `${field} is for ${own.en} tasks; ${wanted.en}`,
          `${field} 仅用于${own.zh}任务；${wanted.zh}`,
        ),
      );
    }
  }
  if (task.kind === 'quantity' && report.done !== undefined && !(report.done >= 0 && Number.isFinite(report.done)))
    problems.push(problem(['done'], 'too_small', `${show(report.done)} is less than 0`, `${show(report.done)} 小于 0`));
  if (task.kind === 'indicator' && report.value !== undefined && !Number.isFinite(report.value))
    problems.push(problem(['value'], 'type', `${show(report.value)} is not a number`, `${show(report.value)} 不是数字`));
  if (task.kind === 'indicator' && report.period !== undefined && !periodOfYear(report.period, task.year))
    problems.push(
      problem(
        ['period'],
        'period',
        `${show(report.period)} is not a period of ${task.year}: use ${task.year}, ${task.year}-Q1…Q4 or ${task.year}-01…12`,
        `${show(report.period)} 不是 ${task.year} 年的期间：可填 ${task.year}、${task.year}-Q1…Q4 或 ${task.year}-01…12`,
      ),
    );
  return problems;
}

function asOfProblems(task: Pick<Task, 'year' | 'progress'>, asOf: string, today: string): Problem[] {
  if (!isoDate.safeParse(asOf).success)
    return [problem(['asOf'], 'date', `${show(asOf)} is not a date (use YYYY-MM-DD)`, `${show(asOf)} 不是有效日期（格式 YYYY-MM-DD）`)];
  const problems: Problem[] = [];
  if (asOf > today)
    problems.push(problem(['asOf'], 'not_future', `${asOf} is after today (${today})`, `${asOf} 晚于今天（${today}）`));
  const previous = task.progress?.asOf;
  if (previous !== undefined && asOf < previous)
    problems.push(
      problem(
        ['asOf'],
        'date_order',
        `${asOf} is before the previous report, as of ${previous}`,
        `${asOf} 早于上一次进展报告的日期（${previous}）`,
      ),
    );
  if (!asOf.startsWith(`${task.year}-`))
    problems.push(
      problem(['asOf'], 'date_range', `${asOf} is outside the plan year ${task.year}`, `${asOf} 不在计划年度 ${task.year} 年内`),
    );
  return problems;
}

/** `2022`, `2022-Q3` or `2022-06` for year 2022. */
function periodOfYear(period: string, year: number): boolean {
  const match = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$/.exec(period);
  return match !== null && Number(match[1]) === year;
}
