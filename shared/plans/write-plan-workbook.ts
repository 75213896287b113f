import ExcelJS from 'exceljs';
import { defaultLadder, defaultTracking } from '../domain/tracking.js';
import type { PlanInput, UnitSet } from '../domain/plan.js';
import { formatShare } from './workbook-cells.js';
import { helpLines } from './workbook-help.js';
import { formatLadder } from './workbook-ladder.js';
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
  unitSetLabels,
} from './workbook-layout.js';

type GoalInput = PlanInput['goals'][number];

/** Rows below the last goal or unit that still offer the dropdowns, for the clerk's additions. */
const SPARE_ROWS = 200;

/**
 * The plan as a 任务分解表 a clerk can read and edit: 任务表, 单位表, 计划信息 and 说明, with dropdowns
 * for the words the reader expects. Reading it back gives the same plan.
 */
export async function writePlanWorkbook(plan: PlanInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = plan.id;
  // Fixed so that writing the same plan twice gives the same document properties.
  workbook.created = workbook.modified = new Date(Date.UTC(plan.year, 0, 1));
  const names = new Map(plan.units.map((u) => [u.id, u.name]));
  const nameOf = (id: string) => names.get(id) ?? id;

  writeGoals(workbook.addWorksheet(sheetNames.goals), plan, nameOf);
  writeUnits(workbook.addWorksheet(sheetNames.units), plan);
  writeInfo(workbook.addWorksheet(sheetNames.info), plan);
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

  const last = plan.goals.length + SPARE_ROWS;
  const column = (f: GoalField) => fields.indexOf(f) + 1;
  const unitNames = `'${sheetNames.units}'!$A$2:$A$${plan.units.length + SPARE_ROWS}`;
  addListValidation(sheet, column('kind'), last, `"${Object.values(kindLabels).join(',')}"`);
  addListValidation(sheet, column('direction'), last, `"${Object.values(directionLabels).join(',')}"`);
  addListValidation(sheet, column('method'), last, `"${Object.values(methodLabels).join(',')}"`);
  addListValidation(sheet, column('lead'), last, unitNames);
}

function goalCells(goal: GoalInput, index: number, nameOf: (id: string) => string): Partial<Record<GoalField, ExcelJS.CellValue>> {
  const allocation = goal.allocation;
  const cells: Partial<Record<GoalField, ExcelJS.CellValue>> = {
    seq: index + 1,
    id: goal.id,
    title: goal.title,
    kind: kindLabels[goal.kind],
    lead: nameOf(goal.lead),
    coUnits: goal.coUnits?.map(nameOf).join('、'),
    deadline: excelDate(goal.deadline),
    method: methodLabels[allocation.method],
    basis: goal.basis,
  };
  if (goal.kind !== 'action') Object.assign(cells, { target: goal.target, unitOfMeasure: goal.unitOfMeasure });
  if (goal.kind === 'indicator') cells.direction = directionLabels[goal.direction];
  if (goal.kind === 'quantity' && goal.milestones)
    cells.milestones = goal.milestones.map((m) => `${m.date} ${formatShare(m.share)}`).join('；');
  if ('units' in allocation) cells.unitSet = unitSetText(allocation.units, nameOf);
  if (allocation.method === 'proportional') cells.base = baseLabel(allocation.base);
  if (allocation.method === 'quota') cells.shares = sharesText(allocation.quotas, nameOf);
  if (allocation.method === 'each' && allocation.overrides) cells.shares = sharesText(allocation.overrides, nameOf);
  return cells;
}

function writeUnits(sheet: ExcelJS.Worksheet, plan: PlanInput): void {
  const baseIds = [...new Set(plan.units.flatMap((u) => Object.keys(u.bases ?? {})))];
  addHeader(sheet, [
    unitColumns.name,
    unitColumns.kind,
    unitColumns.id,
    ...baseIds.map((id) => ({ header: baseHeader(id), paths: [], width: Math.max(12, baseHeader(id).length + 4) })),
  ]);
  for (const unit of plan.units)
    sheet.addRow([unit.name, unitKindLabels[unit.kind], unit.id, ...baseIds.map((id) => unit.bases?.[id] ?? null)]);
  addListValidation(sheet, 2, plan.units.length + SPARE_ROWS, `"${Object.values(unitKindLabels).join(',')}"`);
}

function writeInfo(sheet: ExcelJS.Worksheet, plan: PlanInput): void {
  addHeader(sheet, [
    { header: '项目', paths: [], width: 10 },
    { header: '内容', paths: [], width: 50 },
  ]);
  sheet.addRow([infoRows.id.label, plan.id]);
  sheet.addRow([infoRows.name.label, plan.name]);
  sheet.addRow([infoRows.year.label, plan.year]);
  sheet.addRow([infoRows.timezone.label, plan.timezone ?? 'Asia/Shanghai']);
  sheet.addRow([infoRows.reviewLevels.label, plan.tracking?.reviewLevels ?? defaultTracking.reviewLevels]);
  sheet.addRow([infoRows.margin.label, formatShare(plan.tracking?.margin ?? defaultTracking.margin)]);
  sheet.addRow([infoRows.ladder.label, formatLadder({ ...defaultLadder, ...plan.tracking?.ladder })]);
}

function writeHelp(sheet: ExcelJS.Worksheet): void {
  sheet.columns = [{ width: 70 }, { width: 70 }];
  for (const line of helpLines) {
    const row = sheet.addRow([line.zh, line.en]);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (line.heading) row.font = { bold: true, size: 12 };
  }
}

function addHeader(sheet: ExcelJS.Worksheet, columns: readonly Column[]): void {
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The sheet's validations by range; exceljs has it at run time but leaves it out of its types. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/**
 * One validation over the whole column range: per-cell validations are merged by exceljs into
 * overlapping ranges (it sorts D10 before D2), which Excel then offers to repair.
 */
function addListValidation(sheet: ExcelJS.Worksheet, column: number, lastRow: number, formula: string): void {
  const letter = sheet.getColumn(column).letter;
  (sheet as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '请从列表中选择 / Choose from the list',
    error: '该值不在列表中 / This value is not in the list',
  });
}

function unitSetText(set: UnitSet, nameOf: (id: string) => string): string {
  return Array.isArray(set) ? set.map(nameOf).join('、') : unitSetLabels[set];
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
