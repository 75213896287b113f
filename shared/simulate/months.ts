import { levelLabels, levels } from '../domain/lateness.js';
import { type LightTask, lightOf } from '../domain/light.js';

/*
 * The simulation's report, month by month: where the plan's tasks stand on the month's last simulated
 * day (their lights as `lightOf` gives them on that day, not on the server's today) and the escalations
 * the chase raised during the month.
 */

/** Escalations by level, under the ladder's names (提醒 … 约谈), as the chase reports them. */
export type EscalationCounts = Record<string, number>;

export const noEscalations = (): EscalationCounts =>
  Object.fromEntries(levels.map((level) => [levelLabels[level], 0])) as EscalationCounts;

export function addEscalations(sum: EscalationCounts, more: Partial<Record<string, number>>): EscalationCounts {
  return Object.fromEntries(Object.entries(sum).map(([label, n]) => [label, n + (more[label] ?? 0)])) as EscalationCounts;
}

export interface Standing {
  /** Open, green. */
  onTrack: number;
  /** Open, yellow: behind its milestones, or an indicator off its target. */
  behind: number;
  /** Red: past the deadline and not closed (an accepted task waiting to be closed included). */
  overdue: number;
  closed: number;
}

export interface MonthRow extends Standing {
  /** `YYYY-MM`. */
  month: string;
  escalations: EscalationCounts;
}

/** The tasks by light on `day`; withdrawn tasks (no light) are not counted. */
export function standingOn(tasks: readonly LightTask[], day: string, margin: number): Standing {
  const standing: Standing = { onTrack: 0, behind: 0, overdue: 0, closed: 0 };
  for (const task of tasks) {
    const light = lightOf(task, day, margin);
    if (light === null) continue;
    if (task.status === 'closed') standing.closed++;
    else if (light === 'red') standing.overdue++;
    else if (light === 'yellow') standing.behind++;
    else standing.onTrack++;
  }
  return standing;
}

/** The months from `from` to `to` (inclusive), each with its last simulated day: the month's end, or `to`. */
export function monthsBetween(from: string, to: string): { month: string; lastDay: string }[] {
  const months: { month: string; lastDay: string }[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const end = monthEnd(month);
    months.push({ month, lastDay: end < to ? end : to });
  }
  return months;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last of this one.
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}
