import type ExcelJS from 'exceljs';
import type { Problem } from '../domain/problem.js';
import { cellDate, cellText } from './workbook-cells.js';
import { detailKey, type DetailSource } from './workbook-detail-source.js';
import { detailColumns, type DetailField } from './workbook-details-layout.js';
import { unknownUnitProblem } from './workbook-labels.js';
import { readMilestonesText, unreadableMilestone } from './workbook-milestones.js';
import { Table } from './workbook-table.js';

export interface DetailsContext {
  unitsSheet: string;
  goalsSheet: string;
  unitId(text: string): string | undefined;
  year: number | undefined;
}

type Row = Record<string, unknown>;

/**
 * 单位明细 into the goals read from 任务表: each row becomes `allocation.details[<unit>]` of the goal its
 * 任务编号 names. A row naming no goal or unit of the workbook, or a goal and unit given twice, is reported at
 * its cell; the sheet may be left out (no goal has detail).
 */
export function readDetailsSheet(
  worksheet: ExcelJS.Worksheet | undefined,
  goals: readonly Row[],
  context: DetailsContext,
  problems: Problem[],
): DetailSource {
  if (!worksheet) return { sheet: '', present: false, rows: new Map(), columns: [] };
  const table = new Table(worksheet, detailColumns, problems);
  const goalIndex = new Map(goals.map((goal, index) => [goal.id, index]));
  const rows = new Map<string, number>();
  const report = (row: number, field: DetailField, rule: string, message: string, messageZh: string) =>
    problems.push({ path: table.at(row, field), rule, message, messageZh });

  for (const row of table.dataRows()) {
    const goalId = cellText(table.value(row, 'goal'));
    const unitText = cellText(table.value(row, 'unit'));
    if (goalId === undefined) report(row, 'goal', 'required', `is required: the 编号 of the goal in ${context.goalsSheet}`, `必须填写${context.goalsSheet}中目标的编号`);
    if (unitText === undefined) report(row, 'unit', 'required', `is required: a unit of ${context.unitsSheet}`, `必须填写${context.unitsSheet}中的单位`);
    const index = goalId === undefined ? undefined : goalIndex.get(goalId);
    if (goalId !== undefined && index === undefined)
      report(row, 'goal', 'unknown_goal', `"${goalId}" is not the 编号 of a goal in ${context.goalsSheet}`, `「${goalId}」不是${context.goalsSheet}中目标的编号`);
    const unitId = unitText === undefined ? undefined : context.unitId(unitText);
    if (unitText !== undefined && unitId === undefined) problems.push(unknownUnitProblem(table.at(row, 'unit'), unitText, context.unitsSheet));
    if (index === undefined || unitId === undefined) continue;

    const key = detailKey(index, unitId);
    const earlier = rows.get(key);
    if (earlier !== undefined) {
      report(row, 'unit', 'duplicate_detail', `${unitText} already has a row for ${goalId} (row ${earlier})`, `${unitText} 在目标 ${goalId} 下已有明细（第${earlier}行）`);
      continue;
    }
    rows.set(key, row);
    const goal = goals[index]!;
    const allocation = (goal.allocation ??= {}) as Row;
    const details = (allocation.details ??= {}) as Row;
    details[unitId] = detailOf(table, row, context.year, report);
  }
  return { sheet: table.sheet, present: true, rows, columns: table.sourceColumns };
}

function detailOf(
  table: Table<DetailField>,
  row: number,
  year: number | undefined,
  report: (row: number, field: DetailField, rule: string, message: string, messageZh: string) => void,
): Row {
  const detail: Row = {};
  const title = cellText(table.value(row, 'title'));
  const note = cellText(table.value(row, 'note'));
  const deadline = cellDate(table.value(row, 'deadline'), year);
  const milestones = cellText(table.value(row, 'milestones'));
  if (title !== undefined) detail.title = title;
  if (note !== undefined) detail.note = note;
  if (deadline !== undefined) detail.deadline = deadline;
  if (milestones !== undefined) {
    const read = readMilestonesText(milestones, year);
    for (const entry of read.unreadable) {
      const { message, messageZh } = unreadableMilestone(entry);
      report(row, 'milestones', 'format', message, messageZh);
    }
    detail.milestones = read.milestones;
  }
  return detail;
}
