import type { LineItem, RankedUnit } from '../domain/assessment/types.js';
import type { Plan } from '../domain/plan.js';
import { parseTaskId } from '../domain/task.js';

/*
 * The published assessment as one value that the CSV, XLSX and HTML render: the ranking group by group (分类
 * 考核) and by rank, each unit with its line items, and the names the documents say instead of ids: the
 * tasks' titles (a task is its plan's goal for the unit) and the bureau's name. Built from stored figures
 * only, with no clock, so the same run data gives the same report (a re-run's CSV is byte-identical).
 */

/** What a line's task is called in the documents, and what its figures are counted in (个, %, μg/m³). */
export interface ReportTask {
  title: string;
  unitOfMeasure?: string;
}

/** The names the documents use: read from the year's plans and the organisation settings when published. */
export interface ReportNames {
  /** The bureau's full name (宁波市生态环境局慈溪分局), when set. */
  organisation?: string;
  /** By `<planId>.<goalId>`: a task's title and unit of measure are its goal's. */
  goals: Readonly<Record<string, ReportTask>>;
}

export interface ReportMeta {
  year: number;
  runId: string;
  /** The publication day (plan time zone): the documents say when the result was published, not when rendered. */
  publishedOn: string;
}

export interface ReportUnit extends RankedUnit {
  lineItems: LineItem[];
}

export interface AssessmentReport extends ReportMeta {
  organisation?: string;
  /** Group by group (in the ranking's order), each by rank, ties by unitId. */
  units: ReportUnit[];
  /** By task id, the tasks its lines name that the names know. */
  tasks: Readonly<Record<string, ReportTask>>;
}

/**
 * The units group by group as the ranking lists the groups (the rules' order), each by rank (ties by unitId).
 * A ranking stored before units were ranked by group has no `group`: one group.
 */
export function buildAssessmentReport(
  ranking: readonly RankedUnit[],
  linesByUnit: ReadonlyMap<string, readonly LineItem[]>,
  meta: ReportMeta,
): AssessmentReport {
  const groupOrder = new Map<string, number>();
  for (const unit of ranking) if (!groupOrder.has(unit.group ?? '')) groupOrder.set(unit.group ?? '', groupOrder.size);
  const units = [...ranking]
    .sort(
      (a, b) =>
        groupOrder.get(a.group ?? '')! - groupOrder.get(b.group ?? '')! || a.rank - b.rank || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0),
    )
    .map((unit) => ({ ...unit, lineItems: [...(linesByUnit.get(unit.unitId) ?? [])] }));
  return { year: meta.year, runId: meta.runId, publishedOn: meta.publishedOn, units, tasks: {} };
}

/** The report with the names the documents say: the tasks' titles from their goals, the bureau's name. */
export function nameReport(report: AssessmentReport, names: ReportNames): AssessmentReport {
  const tasks: Record<string, ReportTask> = {};
  for (const unit of report.units) {
    for (const line of unit.lineItems) {
      if (line.taskId === null || line.taskId in tasks) continue;
      const parts = parseTaskId(line.taskId);
      const goal = parts && names.goals[`${parts.planId}.${parts.goalId}`];
      if (goal) tasks[line.taskId] = goal;
    }
  }
  return { ...report, ...(names.organisation ? { organisation: names.organisation } : {}), tasks };
}

/** The goals of plans as `ReportNames.goals`: a task's title and unit of measure are its goal's. */
export function goalNamesOf(plans: readonly Pick<Plan, 'id' | 'goals'>[]): Record<string, ReportTask> {
  const goals: Record<string, ReportTask> = {};
  for (const plan of plans)
    for (const goal of plan.goals)
      goals[`${plan.id}.${goal.id}`] = { title: goal.title, ...('unitOfMeasure' in goal && goal.unitOfMeasure ? { unitOfMeasure: goal.unitOfMeasure } : {}) };
  return goals;
}

/** The groups of the report in order, each with its units (one group named '' for a ranking without groups). */
export function groupsOf(report: AssessmentReport): { group: string; groupName: string; units: ReportUnit[] }[] {
  const groups = new Map<string, { group: string; groupName: string; units: ReportUnit[] }>();
  for (const unit of report.units) {
    const key = unit.group ?? '';
    const known = groups.get(key);
    if (known) known.units.push(unit);
    else groups.set(key, { group: key, groupName: unit.groupName ?? '', units: [unit] });
  }
  return [...groups.values()];
}

/**
 * A line's task as the documents name it: its title, else (a task the names do not know, e.g. of a plan
 * deleted since) the goal's part of its id; null for a unit's own line (a bonus, a veto).
 */
export function taskTitleOf(report: AssessmentReport, line: LineItem): string | null {
  if (line.taskId === null) return null;
  return report.tasks[line.taskId]?.title ?? parseTaskId(line.taskId)?.goalId ?? line.taskId;
}

/** Points as the reports print them: always two decimals (the scorer's precision), `-0` as `0.00`. */
export const pointsText = (points: number) => (Object.is(points, -0) ? 0 : points).toFixed(2);
