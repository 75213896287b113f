import { gradeLabels, lineRuleLabels, type Label } from '../domain/assessment/labels.js';
import { basisWords, describeLine } from '../domain/assessment/line-words.js';
import type { DocumentLang } from '../documents/html.js';
import { groupText, lineColumns, rankingColumns, say, unitLineTask, yes } from './labels.js';
import { pointsText, taskTitleOf, type AssessmentReport } from './report.js';

/**
 * The CSV's columns, in order: what a clerk reads first, then the ids a program reconciles by (docs/
 * architecture.md, "Year-end assessment", Reports).
 */
export const csvColumns: readonly Label[] = [
  rankingColumns.group,
  rankingColumns.rank,
  rankingColumns.unit,
  rankingColumns.total,
  rankingColumns.grade,
  rankingColumns.vetoed,
  lineColumns.task,
  lineColumns.rule,
  lineColumns.points,
  { zh: '满分', en: 'Max' },
  lineColumns.explanation,
  lineColumns.basis,
  { zh: '单位编号', en: 'Unit ID' },
  { zh: '明细编号', en: 'Line ID' },
  { zh: '任务编号', en: 'Task ID' },
  { zh: '事件编号', en: 'Event IDs' },
];

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * The report as CSV: UTF-8 with a BOM (Excel then reads the Chinese right), CRLF line ends (RFC 4180), a
 * header line in the report's language (Chinese unless English is asked for), then per unit, group by group
 * and by rank, one row per line item (a unit without line items: one row with the line fields empty).
 * Nothing in it depends on when it was rendered.
 */
export function renderCsv(report: AssessmentReport, options: { lang?: DocumentLang } = {}): string {
  const lang = options.lang ?? 'zh';
  const rows: string[][] = [csvColumns.map((column) => say(column, lang))];
  for (const unit of report.units) {
    const head = [
      unit.groupName ? groupText({ group: unit.group, groupName: unit.groupName }, lang) : '',
      String(unit.rank),
      unit.unitName,
      pointsText(unit.total),
      say(gradeLabels[unit.grade], lang),
      unit.vetoed ? say(yes, lang) : '',
    ];
    if (unit.lineItems.length === 0) rows.push([...head, '', '', '', '', '', '', unit.unitId, '', '', '']);
    for (const line of unit.lineItems) {
      const basis = basisWords(line);
      rows.push([
        ...head,
        taskTitleOf(report, line) ?? say(unitLineTask, lang),
        say(lineRuleLabels[line.rule], lang),
        pointsText(line.points),
        line.max === undefined ? '' : pointsText(line.max),
        say(describeLine(line, line.taskId ? report.tasks[line.taskId] : undefined), lang),
        basis ? say(basis, lang) : '',
        unit.unitId,
        line.lineId,
        line.taskId ?? '',
        line.eventIds.join(';'),
      ]);
    }
  }
  return BOM + rows.map((row) => row.map(field).join(',')).join(CRLF) + CRLF;
}

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A text Excel would take
 * for a formula (a reason typed as `=…`, `+…`, `@…`) is led by an apostrophe; negative points stay numbers.
 */
function field(value: string): string {
  const safe = /^[=+@\t]|^-(?![\d.])/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
