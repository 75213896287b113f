import type ExcelJS from 'exceljs';
import { gradeLabels, lineRuleLabels } from '../domain/assessment/labels.js';
import { basisWords, describeLine } from '../domain/assessment/line-words.js';
import type { Grade } from '../domain/assessment/types.js';
import type { DocumentLang } from '../documents/html.js';
import { addTitleRows, fitRowHeights, lightStyles, styleTable } from '../documents/workbook-style.js';
import { newWorkbook } from '../documents/workbook-library.js';
import { groupText, lineColumns, publishedText, rankingColumns, say, titleOf, unitLineTask, yes } from './labels.js';
import { taskTitleOf, type AssessmentReport } from './report.js';

/** The two sheets: the ranking (排名), then every unit's line items in one table (得分明细). */
export const sheetNamesOf = (lang: DocumentLang) => (lang === 'en' ? { ranking: 'Ranking', details: 'Line items' } : { ranking: '考核排名', details: '得分明细' });

export const rankingHeadings = [
  rankingColumns.group,
  rankingColumns.rank,
  rankingColumns.unit,
  rankingColumns.total,
  rankingColumns.grade,
  rankingColumns.completion,
  rankingColumns.timeliness,
  rankingColumns.deductions,
  rankingColumns.bonus,
  rankingColumns.vetoed,
] as const;

export const detailHeadings = [lineColumns.unit, lineColumns.task, lineColumns.rule, lineColumns.points, lineColumns.explanation, lineColumns.basis] as const;

/** Grades painted like the lights: 优秀 green, 良好 blue, 合格 yellow, 不合格 red. */
const gradePaint: Readonly<Record<Grade, { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font> }>> = {
  excellent: lightStyles.green,
  good: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }, font: { color: { argb: 'FF1F4E79' }, bold: true } },
  pass: lightStyles.yellow,
  fail: lightStyles.red,
};

const POINTS = '0.00';
/** A task title's column, in Excel's units: about 13 Chinese characters a line. */
const TASK_WIDTH = 28;

/**
 * The report as a workbook a clerk can print as it is: the ranking sheet (group by group, by rank, grades
 * coloured) and one sheet of every unit's line items in words with the task titles, both with the title row,
 * filled and filtered header, borders, widths, frozen header and A4 landscape print setup every workbook of
 * the product has. Points are numbers with two decimals so the bureau can sort and sum.
 */
export async function renderXlsx(report: AssessmentReport, options: { lang?: DocumentLang } = {}): Promise<Buffer> {
  const lang = options.lang ?? 'zh';
  const workbook = await newWorkbook();
  workbook.creator = report.organisation ?? 'goal-breakdown';
  workbook.created = workbook.modified = new Date(`${report.publishedOn}T00:00:00Z`);
  const names = sheetNamesOf(lang);
  const title = titleOf(report.year, lang, report.organisation);
  const subtitle = publishedText(report.publishedOn, lang);

  rankingSheet(workbook.addWorksheet(names.ranking), report, lang, title, subtitle);
  detailsSheet(workbook.addWorksheet(names.details), report, lang, `${title}${lang === 'en' ? ': line items' : '——得分明细'}`, subtitle);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function rankingSheet(sheet: ExcelJS.Worksheet, report: AssessmentReport, lang: DocumentLang, title: string, subtitle: string): void {
  const columnCount = rankingHeadings.length;
  const headerRow = addTitleRows(sheet, columnCount, title, subtitle) + 1;
  sheet.getRow(headerRow).values = rankingHeadings.map((heading) => say(heading, lang));
  report.units.forEach((unit, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    row.values = [
      unit.groupName ? groupText({ group: unit.group, groupName: unit.groupName }, lang) : '',
      unit.rank,
      unit.unitName,
      unit.total,
      say(gradeLabels[unit.grade], lang),
      unit.completion,
      unit.timeliness,
      unit.deductions,
      unit.bonus,
      unit.vetoed ? say(yes, lang) : '',
    ];
    for (const column of [4, 6, 7, 8, 9]) row.getCell(column).numFmt = POINTS;
    const grade = row.getCell(5);
    grade.fill = gradePaint[unit.grade].fill;
    grade.font = gradePaint[unit.grade].font;
  });
  styleTable(sheet, { columnCount, headerRow, lastRow: headerRow + report.units.length, orientation: 'portrait' });
  centre(sheet, [2, 5, 10], headerRow + 1, headerRow + report.units.length);
}

function detailsSheet(sheet: ExcelJS.Worksheet, report: AssessmentReport, lang: DocumentLang, title: string, subtitle: string): void {
  const columnCount = detailHeadings.length;
  const headerRow = addTitleRows(sheet, columnCount, title, subtitle) + 1;
  sheet.getRow(headerRow).values = detailHeadings.map((heading) => say(heading, lang));
  let r = headerRow;
  for (const unit of report.units) {
    for (const line of unit.lineItems) {
      const basis = basisWords(line);
      const row = sheet.getRow(++r);
      row.values = [
        unit.unitName,
        taskTitleOf(report, line) ?? say(unitLineTask, lang),
        say(lineRuleLabels[line.rule], lang),
        line.points,
        say(describeLine(line, line.taskId ? report.tasks[line.taskId] : undefined), lang),
        basis ? say(basis, lang) : '',
      ];
      row.getCell(4).numFmt = POINTS;
    }
  }
  // The explanation and its basis are the long texts: they wrap in wide columns; a task's title wraps sooner.
  styleTable(sheet, { columnCount, headerRow, lastRow: r, widths: { max: 36 } });
  sheet.getColumn(2).width = Math.min(sheet.getColumn(2).width ?? TASK_WIDTH, TASK_WIDTH);
  fitRowHeights(sheet, columnCount, headerRow, r);
  centre(sheet, [3], headerRow + 1, r);
}

function centre(sheet: ExcelJS.Worksheet, columns: readonly number[], fromRow: number, toRow: number): void {
  for (let r = fromRow; r <= toRow; r++) for (const c of columns) sheet.getCell(r, c).alignment = { ...sheet.getCell(r, c).alignment, horizontal: 'center' };
}
