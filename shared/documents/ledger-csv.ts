import { cellText, ledgerColumns } from './ledger-columns.js';
import type { Ledger } from './ledger-rows.js';

/** The byte order mark: without it Excel on a Chinese Windows opens UTF-8 as GBK and garbles every heading. */
const BOM = '\uFEFF';

/**
 * The ledger as CSV (RFC 4180, CRLF): the workbook's Chinese headings, then one line per task in the same
 * order, percentages as `45.0%`, dates as ISO days, the task id last. UTF-8 with a BOM.
 */
export function renderLedgerCsv(ledger: Ledger): Buffer {
  const lines = [
    ledgerColumns.map((column) => column.heading),
    ...ledger.rows.map((row, i) => ledgerColumns.map((column) => cellText(column.cell(row, i + 1)))),
  ];
  return Buffer.from(BOM + lines.map((fields) => fields.map(quoted).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/**
 * Quotes a field that needs it; a field a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets
 * a leading apostrophe, since notes are typed by the units.
 */
function quoted(field: string): string {
  const safe = /^[=+\-@\t\r]/.test(field) && !/^-?\d/.test(field) ? `'${field}` : field;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
