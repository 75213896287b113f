import type { Milestone } from '../domain/plan.js';
import { cellDate, formatShare, parseShare } from './workbook-cells.js';

/**
 * 序时进度 as one cell writes it, in 任务表 and in 单位明细: `2022-06-30 40%；2022-09-30 70%`, dates
 * with the plan year left out allowed (`6-30 40%`).
 */
export function milestonesText(milestones: readonly Milestone[]): string {
  return milestones.map((m) => `${m.date} ${formatShare(m.share)}`).join('；');
}

/**
 * The milestones of a cell; `unreadable` the entries that are not a date and a share, for the caller to
 * report at its cell. A date that is not one is passed on as written, for validation to name.
 */
export function readMilestonesText(
  text: string,
  year: number | undefined,
): { milestones: { date: string | number | undefined; share: number }[]; unreadable: string[] } {
  const milestones: { date: string | number | undefined; share: number }[] = [];
  const unreadable: string[] = [];
  for (const entry of text.split(/[;；,，、\n]+/).map((e) => e.trim()).filter(Boolean)) {
    const match = /^(.+?)[\s:：]+(\S+)$/.exec(entry);
    const share = match ? parseShare(match[2]!) : undefined;
    if (!match || share === undefined) unreadable.push(entry);
    else milestones.push({ date: cellDate(match[1]!.trim(), year), share });
  }
  return { milestones, unreadable };
}

/** The problem of an entry `readMilestonesText` could not read. */
export function unreadableMilestone(entry: string): { message: string; messageZh: string } {
  return {
    message: `"${entry}" is not a date and a share, e.g. 2022-06-30 40%`,
    messageZh: `「${entry}」格式不正确，应为日期和比例，如：2022-06-30 40%`,
  };
}
