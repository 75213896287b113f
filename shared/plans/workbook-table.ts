import type ExcelJS from 'exceljs';
import type { Problem } from '../domain/problem.js';
import { cellValue, type CellValue } from './workbook-cells.js';
import { type Column, normalizeText } from './workbook-layout.js';
import { cellPath, type SourceColumn } from './workbook-source-map.js';

/** A sheet read as a table: headers in row 1, one item per row below. */
export class Table<Field extends string> {
  /** Column number of each field found in the header row. */
  readonly columnOf: Partial<Record<Field, number>> = {};
  readonly sourceColumns: SourceColumn[] = [];

  constructor(
    readonly worksheet: ExcelJS.Worksheet,
    readonly columns: Record<Field, Column>,
    problems: Problem[],
  ) {
    const found = headers(worksheet);
    for (const [field, column] of Object.entries(columns) as [Field, Column][]) {
      const number = [column.header, ...(column.aliases ?? [])].map((h) => found.get(normalizeText(h))).find(Boolean);
      if (number !== undefined) this.columnOf[field] = number;
      const missing = number === undefined && column.required === true;
      if (missing)
        problems.push({
          path: cellPath(worksheet.name, 1, column.header),
          rule: 'missing_column',
          message: `the column ${column.header} is missing`,
          messageZh: `缺少「${column.header}」列`,
        });
      this.sourceColumns.push({ header: column.header, paths: column.paths, missing });
    }
  }

  get sheet(): string {
    return this.worksheet.name;
  }

  /** Sheet rows below the header, blank rows left out. */
  dataRows(): number[] {
    const rows: number[] = [];
    for (let row = 2; row <= this.worksheet.rowCount; row++) {
      let filled = false;
      this.worksheet.getRow(row).eachCell((cell) => {
        filled ||= cellValue(cell) !== undefined;
      });
      if (filled) rows.push(row);
    }
    return rows;
  }

  value(row: number, field: Field): CellValue {
    const column = this.columnOf[field];
    return column === undefined ? undefined : cellValue(this.worksheet.getRow(row).getCell(column));
  }

  at(row: number, field: Field): string {
    return cellPath(this.sheet, row, this.columns[field].header);
  }
}

/** Normalized header text → column number, from row 1. */
export function headers(worksheet: ExcelJS.Worksheet): Map<string, number> {
  const found = new Map<string, number>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const text = cellValue(cell);
    if (text !== undefined) found.set(normalizeText(String(text)), column);
  });
  return found;
}
