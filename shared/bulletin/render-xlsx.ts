import ExcelJS from 'exceljs';
import type { Bulletin, UnitRow } from './bulletin.js';
import { noticedColumns, subtitleOf, titleOf, unitColumns, type Column } from './labels.js';

/** Sheet names (Excel allows 31 characters, no `/`): one sheet per section of the bulletin. */
export const bulletinSheets = { units: '各单位完成情况 Units', noticed: '通报约谈 Noticed' } as const;

/** Rows above a section's table: the title and the subtitle, then the header row. */
export const HEADER_ROW = 3;

/**
 * The bulletin as a workbook: one sheet per section, each with the bulletin's title, then a bilingual
 * header row and one row per unit or task; counts are numbers and the completion rate a percentage, so the
 * bureau can sort and sum.
 */
export async function renderBulletinXlsx(bulletin: Bulletin): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'goal-breakdown';
  // The publication day, not now: the document says when the bulletin was published, not when it was rendered.
  workbook.created = workbook.modified = new Date(`${bulletin.publishedOn}T00:00:00Z`);
  const total: UnitRow = { unitId: '', unitName: '合计 / Total', ...bulletin.totals };
  section(workbook.addWorksheet(bulletinSheets.units), bulletin, unitColumns, [...bulletin.units, total]);
  section(workbook.addWorksheet(bulletinSheets.noticed), bulletin, noticedColumns, bulletin.noticed);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function section<Row>(sheet: ExcelJS.Worksheet, bulletin: Bulletin, columns: readonly Column<Row>[], rows: readonly Row[]): void {
  sheet.getCell(1, 1).value = titleOf(bulletin);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(2, 1).value = subtitleOf(bulletin);
  const header = sheet.getRow(HEADER_ROW);
  columns.forEach((column, i) => {
    header.getCell(i + 1).value = column.heading;
    sheet.getColumn(i + 1).width = Math.max(10, Math.min(40, column.heading.length + 4));
  });
  header.font = { bold: true };
  rows.forEach((row, r) => {
    const line = sheet.getRow(HEADER_ROW + 1 + r);
    columns.forEach((column, i) => {
      const cell = line.getCell(i + 1);
      if (column.excel) {
        cell.value = column.excel.value(row);
        cell.numFmt = column.excel.numFmt;
      } else cell.value = column.cell(row);
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: HEADER_ROW }];
}
