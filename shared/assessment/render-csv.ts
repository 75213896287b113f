import type { AssessmentReport } from './report.js';
import { pointsText } from './report.js';

/** The CSV's columns, in order (docs/architecture.md, "The state machine"). */
export const csvColumns = ['rank', 'unitId', 'unitName', 'total', 'grade', 'lineId', 'taskId', 'rule', 'points', 'eventIds'] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * The report as CSV: UTF-8 with a BOM (Excel then reads the Chinese names right), CRLF line ends (RFC 4180),
 * a header line, then per unit in rank order one row per line item (a unit without line items: one row with
 * the line fields empty). Nothing in it depends on when it was rendered.
 */
export function renderCsv(report: AssessmentReport): string {
  const rows: string[][] = [[...csvColumns]];
  for (const unit of report.units) {
    const head = [String(unit.rank), unit.unitId, unit.unitName, pointsText(unit.total), unit.grade];
    if (unit.lineItems.length === 0) rows.push([...head, '', '', '', '', '']);
    for (const line of unit.lineItems) {
      rows.push([...head, line.lineId, line.taskId ?? '', line.rule, pointsText(line.points), line.eventIds.join(';')]);
    }
  }
  return BOM + rows.map((row) => row.map(field).join(',')).join(CRLF) + CRLF;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
