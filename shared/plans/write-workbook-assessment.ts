import type ExcelJS from 'exceljs';
import { fitColumnWidths, fitRowHeights, setupPrint, styleBodyRows, styleHeaderRow, validateList } from '../documents/workbook-style.js';
import { AssessmentRules, type AssessmentRulesInput } from '../domain/assessment/rules.js';
import { formatShare } from './workbook-cells.js';
import {
  groupsHeader,
  modeLabels,
  type SettingRow,
  settingRows,
  settingsHeader,
  tieBreakLabels,
  weightsHeader,
  yesNoLabels,
} from './workbook-assessment-layout.js';
import { unitKindLabels } from './workbook-layout.js';

/** What 同分排序 says when no subtotal breaks a tie (an empty cell would mean the default order). */
export const NO_TIE_BREAK = '无';

/**
 * 考核设置: every rule written out, defaults included, so that the clerk sees what applies and reading the sheet
 * back gives the same rules. Weights name goals by their 编号, with the title beside for the reader.
 */
export function writeAssessmentSheet(sheet: ExcelJS.Worksheet, assessment: AssessmentRulesInput | undefined, goals: readonly { id: string; title: string }[]): void {
  const rules = AssessmentRules.parse(assessment ?? {});
  const titles = new Map(goals.map((g) => [g.id, g.title]));

  styleHeaderRow(sheet.addRow([...settingsHeader]), settingsHeader.length);
  for (const setting of settingRows) sheet.addRow([setting.label, settingCell(setting, valueAt(rules, setting.path)), setting.note]);
  const lastSetting = sheet.rowCount;
  styleBodyRows(sheet, settingsHeader.length, 2, lastSetting);
  const modeRow = settingRows.findIndex((s) => s.kind === 'mode') + 2;
  const yesNoRow = settingRows.findIndex((s) => s.kind === 'yesNo') + 2;
  validateList(sheet, { column: 2, fromRow: modeRow, toRow: modeRow }, Object.values(modeLabels));
  validateList(sheet, { column: 2, fromRow: yesNoRow, toRow: yesNoRow }, Object.values(yesNoLabels));

  sheet.addRow([]);
  styleHeaderRow(sheet.addRow([...weightsHeader]), weightsHeader.length);
  const firstWeight = sheet.rowCount + 1;
  for (const [id, weight] of Object.entries(rules.weights)) sheet.addRow([id, weight, titles.get(id) ?? null]);
  styleBodyRows(sheet, weightsHeader.length, firstWeight, sheet.rowCount);

  sheet.addRow([]);
  styleHeaderRow(sheet.addRow([...groupsHeader]), groupsHeader.length);
  const firstGroup = sheet.rowCount + 1;
  for (const group of rules.groups) {
    const grades = group.grades ? [group.grades.excellent, group.grades.good, group.grades.pass] : [null, null, null];
    sheet.addRow([group.id, group.name, group.kinds.map((kind) => unitKindLabels[kind]).join('、'), ...grades]);
  }
  styleBodyRows(sheet, groupsHeader.length, firstGroup, sheet.rowCount);

  fitColumnWidths(sheet, groupsHeader.length, 1, { min: 8, max: 40 });
  sheet.getColumn(3).width = Math.min(sheet.getColumn(3).width ?? 40, 40);
  fitRowHeights(sheet, groupsHeader.length, 1, sheet.rowCount);
  setupPrint(sheet);
}

function settingCell(setting: SettingRow, value: unknown): ExcelJS.CellValue {
  switch (setting.kind) {
    case 'share':
      return formatShare(value as number);
    case 'yesNo':
      return value ? yesNoLabels.yes : yesNoLabels.no;
    case 'mode':
      return modeLabels[value as keyof typeof modeLabels];
    case 'tieBreak': {
      const keys = value as (keyof typeof tieBreakLabels)[];
      return keys.length === 0 ? NO_TIE_BREAK : keys.map((key) => tieBreakLabels[key]).join('、');
    }
    default:
      return value as number;
  }
}

function valueAt(rules: AssessmentRules, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], rules);
}
