import type ExcelJS from 'exceljs';

/**
 * A new workbook, exceljs loaded by the first one: the library weighs a megabyte, so the functions that write
 * workbooks take it from a layer and load it when a document is written, not at every cold start
 * (docs/decisions/0019-document-libraries-layer.md).
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  return new excel.Workbook();
}
