import ExcelJS from 'exceljs';
import { gradeText, ruleText, titleOf } from './labels.js';
import { detailText, type AssessmentReport, type ReportUnit } from './report.js';

/** The ranking's sheet; every other sheet is one unit's line items (扣分明细), named by its unitId. */
export const RANKING_SHEET = '排名 Ranking';

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const SHEET_NAME_MAX = 31;
const FORBIDDEN = /[\\/?*[\]:]/g;

/** Rows above a unit sheet's table: the unit's figures, then the header row. */
export const UNIT_HEADER_ROW = 3;

export const rankingHeadings = [
  '排名 Rank',
  '单位编号 Unit ID',
  '单位 Unit',
  '总分 Total',
  '等级 Grade',
  '完成度 Completion',
  '及时性 Timeliness',
  '扣分 Deductions',
  '加分 Bonus',
  '一票否决 Vetoed',
] as const;

export const lineHeadings = ['明细 Line ID', '任务 Task', '规则 Rule', '分值 Points', '满分 Max', '依据 Event IDs', '说明 Detail', '申诉 Waived by'] as const;

/**
 * The report as a workbook: the ranking sheet, then one sheet per unit in rank order with its line items.
 * Points are numbers with two decimals so the bureau can sort and sum.
 */
export async function renderXlsx(report: AssessmentReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'goal-breakdown';
  workbook.created = workbook.modified = new Date(`${report.publishedOn}T00:00:00Z`);

  const ranking = workbook.addWorksheet(RANKING_SHEET);
  ranking.getCell(1, 1).value = titleOf(report.year);
  ranking.getCell(1, 1).font = { bold: true, size: 14 };
  ranking.getCell(2, 1).value = `发布日期 Published ${report.publishedOn} · ${report.runId}`;
  headerRow(ranking, UNIT_HEADER_ROW, rankingHeadings);
  report.units.forEach((unit, i) => {
    const row = ranking.getRow(UNIT_HEADER_ROW + 1 + i);
    row.values = [
      unit.rank,
      unit.unitId,
      unit.unitName,
      unit.total,
      gradeText(unit.grade),
      unit.completion,
      unit.timeliness,
      unit.deductions,
      unit.bonus,
      unit.vetoed ? '是 Yes' : '',
    ];
    for (const column of [4, 6, 7, 8, 9]) row.getCell(column).numFmt = '0.00';
  });
  ranking.views = [{ state: 'frozen', ySplit: UNIT_HEADER_ROW }];

  const names = sheetNames(report.units.map((unit) => unit.unitId));
  report.units.forEach((unit, i) => unitSheet(workbook.addWorksheet(names[i]!), unit));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function unitSheet(sheet: ExcelJS.Worksheet, unit: ReportUnit): void {
  sheet.getCell(1, 1).value = `${unit.unitName} (${unit.unitId}) 扣分明细 / line items`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(2, 1).value = `排名 Rank ${unit.rank} · 总分 Total ${unit.total.toFixed(2)} · 等级 Grade ${gradeText(unit.grade)}`;
  headerRow(sheet, UNIT_HEADER_ROW, lineHeadings);
  unit.lineItems.forEach((line, i) => {
    const row = sheet.getRow(UNIT_HEADER_ROW + 1 + i);
    row.values = [
      line.lineId,
      line.taskId ?? '',
      ruleText(line.rule),
      line.points,
      line.max ?? '',
      line.eventIds.join('; '),
      detailText(line),
      line.waivedBy ?? '',
    ];
    row.getCell(4).numFmt = '0.00';
    row.getCell(5).numFmt = '0.00';
  });
  sheet.views = [{ state: 'frozen', ySplit: UNIT_HEADER_ROW }];
}

function headerRow(sheet: ExcelJS.Worksheet, at: number, headings: readonly string[]): void {
  const header = sheet.getRow(at);
  headings.forEach((heading, i) => {
    header.getCell(i + 1).value = heading;
    sheet.getColumn(i + 1).width = Math.max(10, Math.min(40, heading.length + 6));
  });
  header.font = { bold: true };
}


/**
 * A sheet name per unit id: the id with the characters Excel refuses replaced by `_`, cut to 31 characters;
 * a name already taken (two long ids that share their first 31 characters, or the ranking sheet's, case
 * aside as Excel compares them) is cut shorter and numbered `~2`, `~3`, …. Same ids in the same order, same names.
 */
export function sheetNames(unitIds: readonly string[]): string[] {
  const taken = new Set([RANKING_SHEET.toLowerCase()]);
  return unitIds.map((unitId) => {
    const base = unitId.replace(FORBIDDEN, '_').replace(/^'|'$/g, '_');
    let name = base.slice(0, SHEET_NAME_MAX);
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = `~${n}`;
      name = base.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
