import { detailsSheetName } from './workbook-details-layout.js';
import { ASSESSMENT_SHEET } from './workbook-assessment-layout.js';
import { sheetNames } from './workbook-layout.js';

/** Where a workbook problem is: the sheet, the row as Excel numbers it, the column by its header. */
export interface CellPlace {
  sheet: string;
  row: number | null;
  column: string | null;
}

const plannedSheets: readonly string[] = [sheetNames.info, sheetNames.units, sheetNames.goals, detailsSheetName, ASSESSMENT_SHEET];

/**
 * The sheet, row and column of a problem the workbook reader located (`任务表 第5行 完成时限`, as
 * workbook-source-map.ts `cellPath` writes it); null for any other path (`goals[3].deadline`, a YAML line).
 */
export function cellPlace(path: string): CellPlace | null {
  const match = /^(\S+)(?: 第(\d+)行)?(?: (.+))?$/.exec(path);
  if (!match || !plannedSheets.includes(match[1]!)) return null;
  return { sheet: match[1]!, row: match[2] === undefined ? null : Number(match[2]), column: match[3] ?? null };
}
