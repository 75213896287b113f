import type ExcelJS from 'exceljs';
import type { Light } from '../domain/light.js';
import { LIGHT_COLUMN, ledgerColumns, lightLabels, type LedgerCell } from './ledger-columns.js';
import type { Ledger, LedgerRow } from './ledger-rows.js';
import { addTitleRows, paintLight, styleTable } from './workbook-style.js';
import { newWorkbook } from './workbook-library.js';

/** The sheet of the whole ledger; with a sheet per unit each is named after its unit. */
export const LEDGER_SHEET = '任务台账';

/** Every other unit's rows are shaded, so that a unit's block stands out in one long sheet. */
const UNIT_BAND: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/**
 * The ledger as a workbook: a title with the plan's name and the day it is as of, the counts of lights,
 * then a filtered, frozen header and one row per task, the lights coloured; printed A4 landscape, one page
 * wide, the header on every page. One sheet for the plan, or one per unit (`sheetPerUnit`).
 */
export async function renderLedgerXlsx(ledger: Ledger, options: { sheetPerUnit?: boolean } = {}): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'goal-breakdown';
  // The ledger's day, not now: writing the same ledger twice gives the same document.
  workbook.created = workbook.modified = new Date(`${ledger.asOf}T00:00:00Z`);
  if (options.sheetPerUnit && ledger.units.length > 0) {
    const names = new Set<string>();
    for (const unit of ledger.units)
      writeSheet(workbook.addWorksheet(sheetName(unit.unitName, names)), ledger, `${unit.unitName}任务台账`, unit.rows, false);
  } else {
    const title = ledger.unit ? `${ledger.unit.name}任务台账` : '任务台账';
    writeSheet(workbook.addWorksheet(LEDGER_SHEET), ledger, title, ledger.rows, ledger.unit === null);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeSheet(sheet: ExcelJS.Worksheet, ledger: Ledger, title: string, rows: readonly LedgerRow[], bandUnits: boolean): void {
  const columnCount = ledgerColumns.length;
  const titleRows = addTitleRows(sheet, columnCount, `${ledger.planName}${title}`, subtitleOf(ledger.asOf, rows));
  const headerRow = titleRows + 1;
  sheet.getRow(headerRow).values = ledgerColumns.map((column) => column.heading);

  let band = false;
  rows.forEach((row, i) => {
    if (bandUnits && i > 0 && rows[i - 1]!.unitId !== row.unitId) band = !band;
    const line = sheet.getRow(headerRow + 1 + i);
    ledgerColumns.forEach((column, c) => {
      const cell = line.getCell(c + 1);
      writeCell(cell, column.cell(row, i + 1));
      if (band) cell.fill = UNIT_BAND;
    });
    if (row.light) paintLight(line.getCell(LIGHT_COLUMN), row.light);
  });

  styleTable(sheet, { columnCount, headerRow, lastRow: headerRow + rows.length });
  ledgerColumns.forEach((column, c) => {
    if (column.hidden) sheet.getColumn(c + 1).hidden = true;
  });
}

function writeCell(cell: ExcelJS.Cell, value: LedgerCell): void {
  if (value === null) return;
  if ('text' in value) cell.value = value.text;
  else if ('date' in value) {
    // exceljs writes a Date as its UTC calendar day: the day shows the same in any time zone.
    cell.value = new Date(`${value.date}T00:00:00Z`);
    cell.numFmt = 'yyyy-mm-dd';
  } else {
    cell.value = value.number;
    if (value.numFmt) cell.numFmt = value.numFmt;
  }
}

/** 截至2022-10-31　共 45 项任务：红灯 3 项，黄灯 5 项，绿灯 37 项 */
export function subtitleOf(asOf: string, rows: readonly LedgerRow[]): string {
  const count = (light: Light) => rows.filter((row) => row.light === light).length;
  const lights = (['red', 'yellow', 'green'] as const).map((light) => `${lightLabels[light]} ${count(light)} 项`).join('，');
  return `截至${asOf}　共 ${rows.length} 项任务：${lights}`;
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique in the workbook (case-insensitive). */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '·').slice(0, 31) || '单位';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
