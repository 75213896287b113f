import ExcelJS from 'exceljs';
import {
  fitColumnWidths,
  fitRowHeights,
  freezeRows,
  setupPrint,
  styleBodyRows,
  styleHeaderRow,
  validateDate,
  validateList,
  validateNumber,
  validateWholeNumber,
} from '../documents/workbook-style.js';
import { defaultLadder, defaultTracking } from '../domain/tracking.js';
import type { PlanInput } from '../domain/plan.js';
import { formatShare } from './workbook-cells.js';
import { detailFields, detailRows } from './write-workbook-details.js';
import { milestonesText } from './workbook-milestones.js';
import { detailColumns, detailsSheetName } from './workbook-details-layout.js';
import { helpLines } from './workbook-help.js';
import { formatLadder } from './workbook-ladder.js';
import { ASSESSMENT_SHEET } from './workbook-assessment-layout.js';
import { writeAssessmentSheet } from './write-workbook-assessment.js';
import {
  baseHeader,
  baseLabel,
  type Column,
  directionLabels,
  goalColumns,
  type GoalField,
  infoRows,
  kindLabels,
  methodLabels,
  sheetNames,
  unitColumns,
  unitKindLabels,
} from './workbook-layout.js';
import { unitSetText } from './workbook-unit-sets.js';
import { baselinesText, changeText, floorText } from './workbook-targets.js';

type GoalInput = PlanInput['goals'][number];

/** Rows below the last goal or unit that still offer the dropdowns, for the clerk's additions. */
const SPARE_ROWS = 200;

/** No column grows past this width (Excel's units): longer texts wrap, and the 任务表 prints one page wide at a readable size. */
const MAX_WIDTH = 24;

/**
 * The plan as a 任务分解表 a clerk can read and edit: 任务表, 单位表, 计划信息 and 说明, with dropdowns
 * for the words the reader expects and checks on the numbers and dates typed; each sheet styled and set up to
 * print on A4 landscape one page wide (shared/documents/workbook-style.ts). The header stays in row 1, where
 * the reader looks for it. Reading it back gives the same plan.
 */
export async function writePlanWorkbook(plan: PlanInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = plan.id;
  // Fixed so that writing the same plan twice gives the same document properties.
  workbook.created = workbook.modified = new Date(Date.UTC(plan.year, 0, 1));
  const names = new Map(plan.units.map((u) => [u.id, u.name]));
  const nameOf = (id: string) => names.get(id) ?? id;

  writeGoals(workbook.addWorksheet(sheetNames.goals), plan, nameOf);
  writeDetails(workbook.addWorksheet(detailsSheetName), plan, nameOf);
  writeUnits(workbook.addWorksheet(sheetNames.units), plan);
  writeInfo(workbook.addWorksheet(sheetNames.info), plan);
  writeAssessmentSheet(workbook.addWorksheet(ASSESSMENT_SHEET), plan.assessment, plan.goals);
  writeHelp(workbook.addWorksheet(sheetNames.help));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeGoals(sheet: ExcelJS.Worksheet, plan: PlanInput, nameOf: (id: string) => string): void {
  const fields = Object.keys(goalColumns) as GoalField[];
  addHeader(sheet, fields.map((f) => goalColumns[f]));
  plan.goals.forEach((goal, index) => {
    const cells = goalCells(goal, index, nameOf);
    const row = sheet.addRow(fields.map((f) => cells[f] ?? null));
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const deadline = sheet.getColumn(fields.indexOf('deadline') + 1);
  deadline.numFmt = 'yyyy-mm-dd';
  styleTable(sheet, fields.map((f) => goalColumns[f]), plan.goals.length + 1);

  const spare = (f: GoalField) => ({ column: fields.indexOf(f) + 1, fromRow: 2, toRow: plan.goals.length + SPARE_ROWS });
  validateList(sheet, spare('kind'), Object.values(kindLabels));
  validateList(sheet, spare('direction'), Object.values(directionLabels));
  validateList(sheet, spare('method'), Object.values(methodLabels));
  validateList(sheet, spare('lead'), { cells: `'${sheetNames.units}'!$A$2:$A$${plan.units.length + SPARE_ROWS}` });
  validateDate(sheet, spare('deadline'), `${plan.year}-01-01`, `${plan.year}-12-31`);
  validateWholeNumber(sheet, spare('seq'), 1, 100_000);
}

function goalCells(goal: GoalInput, index: number, nameOf: (id: string) => string): Partial<Record<GoalField, ExcelJS.CellValue>> {
  const allocation = goal.allocation;
  const cells: Partial<Record<GoalField, ExcelJS.CellValue>> = {
    seq: index + 1,
    id: goal.id,
    title: goal.title,
    kind: kindLabels[goal.kind],
    // Joint leads in one cell, the primary first, as 由发改委、生态环境局牵头 names them.
    lead: (typeof goal.lead === 'string' ? [goal.lead] : goal.lead).map(nameOf).join('、'),
    coUnits: goal.coUnits?.map(nameOf).join('、'),
    deadline: excelDate(goal.deadline),
    method: methodLabels[allocation.method],
    basis: goal.basis,
  };
  if (goal.kind !== 'action') Object.assign(cells, { target: goal.target, unitOfMeasure: goal.unitOfMeasure });
  if (goal.kind === 'indicator') cells.direction = directionLabels[goal.direction];
  if (goal.kind === 'quantity' && goal.atLeast) cells.target = floorText(goal.target);
  if (goal.kind === 'indicator' && goal.relative)
    Object.assign(cells, {
      baseline: baselinesText(goal.relative, nameOf),
      change: changeText(goal.relative.change),
      baselineYear: goal.relative.baselineYear,
    });
  if (goal.kind === 'quantity' && goal.milestones)
    cells.milestones = milestonesText(goal.milestones);
  if ('units' in allocation) cells.unitSet = unitSetText(allocation.units, nameOf);
  if (allocation.method === 'proportional') cells.base = baseLabel(allocation.base);
  if (allocation.method === 'quota') cells.shares = sharesText(allocation.quotas, nameOf);
  if (allocation.method === 'each' && allocation.overrides) cells.shares = sharesText(allocation.overrides, nameOf);
  return cells;
}

/** 单位明细, written even when empty: its header tells the clerk where a unit's own title or deadline goes. */
function writeDetails(sheet: ExcelJS.Worksheet, plan: PlanInput, nameOf: (id: string) => string): void {
  const columns = detailFields.map((f) => detailColumns[f]);
  addHeader(sheet, columns);
  const rows = detailRows(plan, nameOf, excelDate);
  for (const cells of rows) sheet.addRow(detailFields.map((f) => cells[f])).alignment = { vertical: 'top', wrapText: true };
  sheet.getColumn(detailFields.indexOf('deadline') + 1).numFmt = 'yyyy-mm-dd';
  styleTable(sheet, columns, rows.length + 1);
  const spare = (f: (typeof detailFields)[number]) => ({ column: detailFields.indexOf(f) + 1, fromRow: 2, toRow: rows.length + SPARE_ROWS });
  validateList(sheet, spare('unit'), { cells: `'${sheetNames.units}'!$A$2:$A$${plan.units.length + SPARE_ROWS}` });
  validateDate(sheet, spare('deadline'), `${plan.year}-01-01`, `${plan.year}-12-31`);
}

function writeUnits(sheet: ExcelJS.Worksheet, plan: PlanInput): void {
  const baseIds = [...new Set(plan.units.flatMap((u) => Object.keys(u.bases ?? {})))];
  const columns = [
    unitColumns.name,
    unitColumns.kind,
    unitColumns.id,
    unitColumns.tags,
    ...baseIds.map((id) => ({ header: baseHeader(id), paths: [], width: Math.max(12, baseHeader(id).length + 4) })),
  ];
  addHeader(sheet, columns);
  for (const unit of plan.units) {
    const tags = unit.tags?.length ? unit.tags.join('、') : null;
    sheet.addRow([unit.name, unitKindLabels[unit.kind], unit.id, tags, ...baseIds.map((id) => unit.bases?.[id] ?? null)]);
  }
  styleTable(sheet, columns, plan.units.length + 1);
  const spare = (column: number) => ({ column, fromRow: 2, toRow: plan.units.length + SPARE_ROWS });
  validateList(sheet, spare(2), Object.values(unitKindLabels));
  baseIds.forEach((_, i) => validateNumber(sheet, spare(5 + i), 0));
}

function writeInfo(sheet: ExcelJS.Worksheet, plan: PlanInput): void {
  const columns = [
    { header: '项目', paths: [], width: 10 },
    { header: '内容', paths: [], width: 50 },
  ];
  addHeader(sheet, columns);
  sheet.addRow([infoRows.id.label, plan.id]);
  sheet.addRow([infoRows.name.label, plan.name]);
  sheet.addRow([infoRows.year.label, plan.year]);
  sheet.addRow([infoRows.timezone.label, plan.timezone ?? 'Asia/Shanghai']);
  sheet.addRow([infoRows.reviewLevels.label, plan.tracking?.reviewLevels ?? defaultTracking.reviewLevels]);
  sheet.addRow([infoRows.margin.label, formatShare(plan.tracking?.margin ?? defaultTracking.margin)]);
  sheet.addRow([infoRows.ladder.label, formatLadder({ ...defaultLadder, ...plan.tracking?.ladder })]);
  styleTable(sheet, columns, sheet.rowCount, { filter: false, maxWidth: 50 });
}

function writeHelp(sheet: ExcelJS.Worksheet): void {
  sheet.columns = [{ width: 70 }, { width: 70 }];
  for (const line of helpLines) {
    const row = sheet.addRow([line.zh, line.en]);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (line.heading) row.font = { bold: true, size: 12 };
  }
  fitRowHeights(sheet, 2, 1, sheet.rowCount);
  setupPrint(sheet);
}

function addHeader(sheet: ExcelJS.Worksheet, columns: readonly Column[]): void {
  styleHeaderRow(sheet.addRow(columns.map((c) => c.header)), columns.length);
  freezeRows(sheet, 1);
}

/**
 * Borders and wrap on the rows written; each column as wide as its longest text, but no wider than its
 * layout width (or `maxWidth`), past which it wraps; rows high enough for the wrapped text; filters on the
 * header, and the print setup.
 */
function styleTable(
  sheet: ExcelJS.Worksheet,
  columns: readonly Column[],
  lastRow: number,
  options: { filter?: boolean; maxWidth?: number } = {},
): void {
  const columnCount = columns.length;
  styleBodyRows(sheet, columnCount, 2, lastRow);
  fitColumnWidths(sheet, columnCount, 1, { min: 8, max: options.maxWidth ?? MAX_WIDTH });
  columns.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = Math.min(sheetColumn.width ?? column.width, column.width);
  });
  fitRowHeights(sheet, columnCount, 1, lastRow);
  if (options.filter !== false) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: columnCount } };
  setupPrint(sheet, { repeatRows: { first: 1, last: 1 } });
}

function sharesText(shares: Record<string, number>, nameOf: (id: string) => string): string {
  return Object.entries(shares)
    .map(([id, value]) => `${nameOf(id)} ${value}`)
    .join('、');
}

/** A date cell shows the date in any time zone: exceljs writes a Date as its UTC calendar day. */
function excelDate(iso: string): Date | string {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? date : iso;
}
