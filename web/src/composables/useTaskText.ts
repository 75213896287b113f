import { useI18n } from 'vue-i18n';
import type { Task } from '../api/client';
import { daysBetween, localDate } from './dates';

/** Statuses in which the task is still the unit's work: deadlines count down (or up) only for these. */
export const OPEN_STATUSES: readonly Task['status'][] = ['assigned', 'in_progress', 'closeout_requested', 'accepted'];

/** 序时进度 due by `today`: the latest milestone on or before it (as shared/domain/light.ts reads it). */
export function currentMilestone(task: Pick<Task, 'milestones'>, today: string): { date: string; share: number } | null {
  let latest: { date: string; share: number } | null = null;
  for (const milestone of task.milestones) if (milestone.date <= today && (latest === null || milestone.date >= latest.date)) latest = milestone;
  return latest;
}

/** The share of a quantity task done, 0–1 (beyond 1 when more than the target was done). */
export function doneShare(task: Pick<Task, 'target' | 'progress'>): number {
  if (task.target === null || task.target <= 0) return task.progress?.done ? 1 : 0;
  return (task.progress?.done ?? 0) / task.target;
}

/**
 * How a task's figures, dates and people are written on the pages: dates as people write them
 * (2022年6月30日), amounts with their unit of measure, indicators with their direction.
 */
export function useTaskText() {
  const { t, d, locale } = useI18n();

  const date = (iso: string) => d(localDate(iso), 'date');
  const dateTime = (iso: string) => d(new Date(iso), 'dateTime');
  const number = (value: number) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 }).format(value);
  const percent = (share: number) => new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  const amount = (value: number, unitOfMeasure: string | undefined) =>
    unitOfMeasure ? t('task.amount', { value: number(value), unit: unitOfMeasure }) : number(value);

  /** A file size: "312 byte", "820 kB", "4.2 MB" (units of 1024). */
  function fileSize(bytes: number): string {
    const [value, unit] =
      bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
    return new Intl.NumberFormat(locale.value, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  }

  /**
   * The target: "4 个", "150 个以上", "高于 95 %", "不高于 29.64 μg/m³（较2023年下降5%，基准值 31.2）", or for an
   * action "完成该项工作".
   */
  function target(task: Pick<Task, 'kind' | 'target' | 'unitOfMeasure' | 'direction' | 'relative' | 'atLeast'>): string {
    if (task.kind === 'action' || task.target === null) return t('task.actionTarget');
    const value = amount(task.target, task.unitOfMeasure);
    if (task.kind === 'quantity' && task.atLeast) return t('task.floor', { value });
    if (task.kind !== 'indicator' || !task.direction) return value;
    const signed = t(`task.direction.${task.direction}`, { value });
    return task.relative ? relative(signed, task.relative) : signed;
  }

  /** The change from the baseline in words: "下降5%", "上升10%". */
  function change(share: number): string {
    if (share === 0) return t('task.change.none');
    const words = new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 2 }).format(Math.abs(share));
    return t(share < 0 ? 'task.change.down' : 'task.change.up', { percent: words });
  }

  function relative(signed: string, from: NonNullable<Task['relative']>): string {
    const since = from.baselineYear === undefined ? t('task.baseline') : t('task.since', { year: from.baselineYear });
    return t('task.relative', { target: signed, since, change: change(from.change), baseline: number(from.baseline) });
  }

  /** `2022`, `2022-Q2`, `2022-06` as "2022年全年", "2022年第2季度", "2022年6月". */
  function period(text: string): string {
    const match = /^(\d{4})(?:-(Q([1-4])|(\d{2})))?$/.exec(text);
    if (!match) return text;
    const year = match[1]!;
    if (match[3]) return t('report.periodQuarter', { year, quarter: match[3] });
    if (match[4]) return t('report.periodMonth', { year, month: Number(match[4]) });
    return t('report.periodYear', { year });
  }

  /** What the latest report says: "已完成 3 / 4 个", "2022年6月 数值 31 μg/m³", "已完成" — or "尚未上报". */
  function progress(task: Pick<Task, 'kind' | 'target' | 'unitOfMeasure' | 'progress'> & Partial<Pick<Task, 'atLeast'>>): string {
    const reported = task.progress;
    if (task.kind === 'quantity') {
      const done = t('task.progressQuantity', { done: number(reported?.done ?? 0), target: amount(task.target ?? 0, task.unitOfMeasure) });
      // A floor met with more: the excess is counted and shown, never required.
      const excess = task.atLeast ? (reported?.done ?? 0) - (task.target ?? 0) : 0;
      return excess > 0 ? `${done}（${t('task.excess', { value: amount(excess, task.unitOfMeasure) })}）` : done;
    }
    if (!reported) return t('task.notReported');
    if (task.kind === 'indicator')
      return reported.value === undefined
        ? t('task.notReported')
        : t('task.progressIndicator', { period: reported.period ? period(reported.period) : '', value: amount(reported.value, task.unitOfMeasure) });
    return reported.complete ? t('task.progressComplete') : t('task.progressIncomplete');
  }

  /** "剩 12 天", "今天到期", "逾期 5 天" for open tasks (calendar days: the API gives no working days); else null. */
  /**
   * What is left before the deadline while the task is open: working days as the API counts them in the
   * shipped calendar (剩 3 个工作日 / 逾期 2 个工作日), calendar days when it cannot (a year not shipped).
   */
  function deadlineLeft(task: Pick<Task, 'deadline' | 'status' | 'workingDaysLeft'>, today: string): { text: string; overdue: boolean } | null {
    if (!OPEN_STATUSES.includes(task.status)) return null;
    if (task.deadline === today) return { text: t('deadline.today'), overdue: false };
    const overdue = task.deadline < today;
    const working = task.workingDaysLeft;
    if (working === null) {
      const days = Math.abs(daysBetween(today, task.deadline));
      return { text: t(overdue ? 'deadline.overdue' : 'deadline.left', { n: days }, days), overdue };
    }
    if (!overdue) return { text: t('deadline.workingLeft', { n: working }, working), overdue };
    return { text: working === 0 ? t('deadline.justOverdue') : t('deadline.workingOverdue', { n: -working }, -working), overdue };
  }

  return { date, dateTime, number, percent, amount, fileSize, target, change, period, progress, deadlineLeft };
}
