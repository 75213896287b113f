import type ExcelJS from 'exceljs';

/** What a cell holds once rich text, formulas and hyperlinks are unwrapped; blank cells are undefined. */
export type CellValue = string | number | boolean | Date | undefined;

export function cellValue(cell: ExcelJS.Cell): CellValue {
  return plain(cell.value);
}

function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return plain(value.richText.map((run) => run.text).join(''));
  if ('result' in value) return plain((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return plain(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}

export function cellText(value: CellValue): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return isoDate(value);
  return String(value);
}

/** A number, or the text as written so that validation names it (`"many" is not a number`). */
export function cellNumber(value: CellValue): number | string | undefined {
  if (typeof value === 'number' || value === undefined) return value;
  const text = cellText(value)!;
  const number = Number(text.replace(/[,，]/g, ''));
  return text !== '' && Number.isFinite(number) ? number : text;
}

/**
 * A date as YYYY-MM-DD from a date cell, an Excel serial number typed into a General cell, or text
 * such as 2022-12-31, 2022/12/31 or 2022年12月31日. With the plan year known, 6-30 and 6月30日 also do.
 * Anything else is returned as written, for validation to name.
 */
export function cellDate(value: CellValue, year?: number): string | number | undefined {
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'number') return isPlanEraSerial(value) ? excelSerialDate(value) : value;
  const text = cellText(value);
  if (text === undefined) return undefined;
  const full = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (full) return `${full[1]}-${full[2]!.padStart(2, '0')}-${full[3]!.padStart(2, '0')}`;
  const monthDay = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (monthDay && year !== undefined) return `${year}-${monthDay[1]!.padStart(2, '0')}-${monthDay[2]!.padStart(2, '0')}`;
  return text;
}

/** Serials of 2000-01-01 to 2100-12-31: a number outside is not a date someone typed. */
function isPlanEraSerial(value: number): boolean {
  return Number.isInteger(value) && value >= 36_526 && value <= 73_415;
}

/** Excel stores dates as days since 1899-12-30 (counting its phantom 1900-02-29). */
function excelSerialDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** exceljs reads a date cell as midnight UTC of the date shown. */
function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `40%` or `0.4` → 0.4. */
export function parseShare(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([%％])?$/.exec(text.trim());
  if (!match) return undefined;
  return match[2] ? Number(match[1]) / 100 : Number(match[1]);
}

/** The reverse of parseShare, as a percentage when that reads back exactly. */
export function formatShare(share: number): string {
  const percent = Number((share * 100).toFixed(6));
  return percent / 100 === share ? `${percent}%` : String(share);
}
