import type ExcelJS from 'exceljs';

/**
 * One look for every workbook the product writes: a merged title row, a filled header with filters, thin
 * borders, widths measured from the content (a Chinese character counts as two), wrapped text in rows high
 * enough to show it, a frozen
 * header and a print setup that fits the table to the width of an A4 landscape page, repeats the header on
 * every page and numbers the pages. Helpers for the cells a person types (lists, whole numbers, dates) and
 * the fills of the lights.
 */

/** The traffic light's three colours, spelt as the documents name them (shared/domain/light.ts). */
export type LightColour = 'green' | 'yellow' | 'red';

/** Light fills with a dark text of the same hue: readable in colour, and still told apart in grey print. */
export const lightStyles: Readonly<Record<LightColour, { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font> }>> = {
  red: { fill: solid('FFFFC7CE'), font: { color: { argb: 'FF9C0006' }, bold: true } },
  yellow: { fill: solid('FFFFEB9C'), font: { color: { argb: 'FF9C5700' }, bold: true } },
  green: { fill: solid('FFC6EFCE'), font: { color: { argb: 'FF006100' }, bold: true } },
};

export const headerFill: ExcelJS.Fill = solid('FFDDEBF7');
export const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Column widths in Excel's units (the width of a `0`): wider columns wrap instead of growing past the page. */
export const defaultWidths = { min: 6, max: 40 } as const;

/** The footer every printed page carries: 第 3 页 / 共 7 页. */
export const pageNumberFooter = '&C第 &P 页 / 共 &N 页';

/**
 * The width a text takes on screen in Excel's units: CJK characters and full-width forms count as two, the
 * widest line of a multi-line text counts.
 */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) {
    let width = 0;
    for (const char of line) width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return widest;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) || // Hangul Jamo
    (code >= 0x2e80 && code <= 0xa4cf) || // CJK radicals, punctuation, kana, ideographs, Yi
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility ideographs
    (code >= 0xfe30 && code <= 0xfe4f) || // CJK compatibility forms
    (code >= 0xff00 && code <= 0xff60) || // full-width forms
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd) // CJK extensions B onwards
  );
}

/** The text a cell shows, near enough to measure it: numbers as formatted by the common formats, dates as days. */
export function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return '0000-00-00';
  if (typeof value === 'number') {
    const format = cell.numFmt ?? '';
    if (format.includes('%')) return `${(value * 100).toFixed(decimalsOf(format))}%`;
    if (/0\.0+/.test(format)) return value.toFixed(decimalsOf(format));
    return String(value);
  }
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return String(value);
}

function decimalsOf(format: string): number {
  return /0\.(0+)/.exec(format)?.[1]?.length ?? 0;
}

/**
 * Sets each column's width from the widest text in rows `fromRow`…last (title rows above are merged and left
 * out), plus room for the filter button, within `min`…`max`: longer texts wrap.
 */
export function fitColumnWidths(
  sheet: ExcelJS.Worksheet,
  columnCount: number,
  fromRow: number,
  limits: { min?: number; max?: number } = {},
): void {
  const min = limits.min ?? defaultWidths.min;
  const max = limits.max ?? defaultWidths.max;
  for (let c = 1; c <= columnCount; c++) {
    let widest = 0;
    for (let r = fromRow; r <= sheet.rowCount; r++) widest = Math.max(widest, displayWidth(cellText(sheet.getRow(r).getCell(c))));
    sheet.getColumn(c).width = Math.min(max, Math.max(min, widest + 3));
  }
}

/**
 * A title merged across the table's width in the given row, large and bold, and an optional subtitle in the
 * row below. Returns the number of rows used.
 */
export function addTitleRows(sheet: ExcelJS.Worksheet, columnCount: number, title: string, subtitle?: string, firstRow = 1): number {
  const lines: [string, Partial<ExcelJS.Font>, number][] = [[title, { bold: true, size: 16 }, 28]];
  if (subtitle) lines.push([subtitle, { size: 11, color: { argb: 'FF404040' } }, 20]);
  lines.forEach(([text, font, height], i) => {
    const rowNumber = firstRow + i;
    if (columnCount > 1) sheet.mergeCells(rowNumber, 1, rowNumber, columnCount);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    sheet.getRow(rowNumber).height = height;
  });
  return lines.length;
}

/** Points per line of 11-point text, CJK included, and the cell's padding above and below. */
const LINE_HEIGHT = 14.5;
const ROW_PADDING = 3;

/**
 * Row heights for the wrapped text of rows `fromRow`…`toRow`, from the column widths: neither LibreOffice
 * nor Excel grows a row on opening a file, so a long text would otherwise print cut to its first line.
 */
export function fitRowHeights(sheet: ExcelJS.Worksheet, columnCount: number, fromRow: number, toRow: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = sheet.getRow(r);
    let lines = 1;
    for (let c = 1; c <= columnCount; c++) {
      // A CJK character is a little wider than two `0`s, and the cell keeps a margin.
      const room = Math.max(1, (sheet.getColumn(c).width ?? defaultWidths.min) - 1.5);
      const cellLines = cellText(row.getCell(c))
        .split('\n')
        .reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / room)), 0);
      lines = Math.max(lines, cellLines);
    }
    row.height = lines * LINE_HEIGHT + ROW_PADDING;
  }
}

/** The header row: bold, filled, centred and wrapped, with borders. */
export function styleHeaderRow(row: ExcelJS.Row, columnCount: number): void {
  for (let c = 1; c <= columnCount; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = headerFill;
    cell.border = thinBorder;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
}

/** Body rows `fromRow`…`toRow`: borders and wrapped text, keeping any alignment already set (numbers right). */
export function styleBodyRows(sheet: ExcelJS.Worksheet, columnCount: number, fromRow: number, toRow: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cell.border = thinBorder;
      cell.alignment = { vertical: 'top', ...cell.alignment, wrapText: true };
    }
  }
}

export interface PrintOptions {
  /** Rows repeated at the top of every printed page, e.g. the header row (and the title rows above it). */
  repeatRows?: { first: number; last: number };
  orientation?: 'landscape' | 'portrait';
}

/** A4, fit to one page wide and as many long as it takes, the given rows repeated, page numbers in the footer. */
export function setupPrint(sheet: ExcelJS.Worksheet, options: PrintOptions = {}): void {
  Object.assign(sheet.pageSetup, {
    paperSize: 9,
    orientation: options.orientation ?? 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages long as the rows need (Excel and LibreOffice both read it so).
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(options.repeatRows ? { printTitlesRow: `${options.repeatRows.first}:${options.repeatRows.last}` } : {}),
  } satisfies Partial<ExcelJS.PageSetup>);
  sheet.headerFooter.oddFooter = pageNumberFooter;
}

/** Rows 1…`headerRow` stay in view while scrolling. */
export function freezeRows(sheet: ExcelJS.Worksheet, headerRow: number): void {
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
}

export interface TableLayout {
  columnCount: number;
  /** The row that holds the column headings (the title rows, if any, are above it). */
  headerRow: number;
  /** The last row of data; the header row when the table is empty. */
  lastRow: number;
  widths?: { min?: number; max?: number };
  orientation?: 'landscape' | 'portrait';
  /** Filters on the header (on by default). */
  filter?: boolean;
}

/**
 * The whole look of a sheet holding one table already written: header, borders, wrap, widths, frozen
 * header, filters and print setup with the header repeated on every page. Title rows are added before with
 * `addTitleRows`.
 */
export function styleTable(sheet: ExcelJS.Worksheet, layout: TableLayout): void {
  const { columnCount, headerRow, lastRow } = layout;
  styleHeaderRow(sheet.getRow(headerRow), columnCount);
  styleBodyRows(sheet, columnCount, headerRow + 1, lastRow);
  fitColumnWidths(sheet, columnCount, headerRow, layout.widths);
  fitRowHeights(sheet, columnCount, headerRow, lastRow);
  freezeRows(sheet, headerRow);
  if (layout.filter !== false) sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastRow, column: columnCount } };
  setupPrint(sheet, { repeatRows: { first: headerRow, last: headerRow }, orientation: layout.orientation });
}

/** Colours a cell as a light: fill and text of its hue. */
export function paintLight(cell: ExcelJS.Cell, light: LightColour): void {
  cell.fill = lightStyles[light].fill;
  cell.font = { ...cell.font, ...lightStyles[light].font };
  cell.alignment = { ...cell.alignment, horizontal: 'center' };
}

/** The sheet's validations by range; exceljs has it at run time but leaves it out of its types. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Rows `fromRow`…`toRow` of one column, e.g. the rows a clerk may still fill in below the data. */
export interface ColumnRange {
  column: number;
  fromRow: number;
  toRow: number;
}

/**
 * One validation over the whole column range: per-cell validations are merged by exceljs into
 * overlapping ranges (it sorts D10 before D2), which Excel then offers to repair.
 */
function validate(sheet: ExcelJS.Worksheet, range: ColumnRange, validation: ExcelJS.DataValidation): void {
  const letter = sheet.getColumn(range.column).letter;
  (sheet as unknown as RangeValidations).dataValidations.add(`${letter}${range.fromRow}:${letter}${range.toRow}`, {
    allowBlank: true,
    showErrorMessage: true,
    ...validation,
  });
}

/**
 * A dropdown: either the words themselves (joined into the formula, at most 255 characters by Excel's rule)
 * or a range of cells holding them, e.g. `'单位表'!$A$2:$A$200`. A warning, so a clerk may still type another.
 */
export function validateList(sheet: ExcelJS.Worksheet, range: ColumnRange, choices: readonly string[] | { cells: string }): void {
  const formula = 'cells' in choices ? choices.cells : `"${choices.join(',')}"`;
  if (!('cells' in choices) && formula.length > 257)
    throw new Error(`a dropdown's words take at most 255 characters (${formula.length - 2}) / 下拉列表的选项合计不超过255个字符`);
  validate(sheet, range, {
    type: 'list',
    formulae: [formula],
    errorStyle: 'warning',
    errorTitle: '请从列表中选择 / Choose from the list',
    error: '该值不在列表中 / This value is not in the list',
  });
}

/** A whole number within `min`…`max` (inclusive). */
export function validateWholeNumber(sheet: ExcelJS.Worksheet, range: ColumnRange, min: number, max: number): void {
  validate(sheet, range, {
    type: 'whole',
    operator: 'between',
    formulae: [min, max],
    errorStyle: 'stop',
    errorTitle: '请输入整数 / Whole number',
    error: `请输入${min}至${max}之间的整数 / A whole number from ${min} to ${max}`,
  });
}

/** The largest magnitude a typed number may have: the API's own cap on reported values. */
const MAX_NUMBER = 1e12;

/** A number, decimals allowed: of at least `min` when given, else any within ±1e12. */
export function validateNumber(sheet: ExcelJS.Worksheet, range: ColumnRange, min?: number): void {
  const error =
    min === undefined ? '请输入数字 / A number' : `请输入不小于${min}的数字 / A number of at least ${min}`;
  validate(sheet, range, {
    type: 'decimal',
    ...(min === undefined ? { operator: 'between', formulae: [-MAX_NUMBER, MAX_NUMBER] } : { operator: 'greaterThanOrEqual', formulae: [min] }),
    errorStyle: 'stop',
    errorTitle: '请输入数字 / Number',
    error,
  });
}

/** A date within `from`…`to` (ISO days); the column's number format shows it (e.g. `yyyy-mm-dd`). */
export function validateDate(sheet: ExcelJS.Worksheet, range: ColumnRange, from: string, to: string): void {
  validate(sheet, range, {
    type: 'date',
    operator: 'between',
    formulae: [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)],
    errorStyle: 'stop',
    errorTitle: '请输入日期 / Date',
    error: `请输入${from}至${to}之间的日期，格式如 ${from} / A date from ${from} to ${to}, e.g. ${from}`,
  });
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}
