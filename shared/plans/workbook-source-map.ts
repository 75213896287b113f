import type { Problem } from '../domain/problem.js';
import { detailCell, type DetailSource } from './workbook-detail-source.js';

/**
 * Where each part of a plan read from a workbook came from, so that a validation problem at
 * `goals[3].deadline` is shown where the clerk can fix it: `任务表 第5行 完成时限`.
 */
export interface SheetSource {
  sheet: string;
  present: boolean;
  /** Sheet row (1-based, as Excel shows it) of each item, by its index in the plan. */
  rows: number[];
  columns: SourceColumn[];
}

export interface SourceColumn {
  header: string;
  /** Plan paths, relative to the item, shown in this column. */
  paths: readonly string[];
  /** A required column that is not in the sheet: its absence is reported once, not on every row. */
  missing: boolean;
}

export interface InfoSource {
  sheet: string;
  present: boolean;
  /** Sheet row and label of each top-level field. */
  rows: Map<string, { row: number | undefined; label: string }>;
}

export interface WorkbookSources {
  goals: SheetSource;
  units: SheetSource;
  info: InfoSource;
  /** 单位明细, when the workbook has it: where each unit's detail of a goal came from. */
  details?: DetailSource;
}

export function cellPath(sheet: string, row?: number, header?: string): string {
  return [sheet, row === undefined ? undefined : `第${row}行`, header].filter(Boolean).join(' ');
}

/** The problem moved to its sheet, row and column, or undefined when it only repeats one already reported. */
export function locateProblem(problem: Problem, sources: WorkbookSources): Problem | undefined {
  const path = locatePath(problem.path, sources);
  if (path === undefined) return undefined;
  return {
    ...problem,
    path,
    message: mentionRows(problem.message, sources),
    messageZh: mentionRows(problem.messageZh, sources),
  };
}

function locatePath(path: string, sources: WorkbookSources): string | undefined {
  const detail = detailCell(path, sources.details);
  if (detail !== undefined) return detail === null ? undefined : cellPath(detail.sheet, detail.row, detail.header);
  const item = /^(goals|units)\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (item) {
    const source = sources[item[1] as 'goals' | 'units'];
    if (!source.present) return undefined;
    const column = columnOf(item[3] ?? '', source.columns);
    if (column?.missing) return undefined;
    return cellPath(source.sheet, source.rows[Number(item[2])], column?.header);
  }
  if (path === 'goals' || path === 'units') return sources[path].present ? sources[path].sheet : undefined;
  // `tracking.ladder.supervise` is shown at the row of `tracking.ladder` (升级阶梯).
  const field = [...sources.info.rows].find(([key]) => path === key || path.startsWith(`${key}.`))?.[1];
  if (field) return sources.info.present ? cellPath(sources.info.sheet, field.row, field.label) : undefined;
  return path;
}

function columnOf(rest: string, columns: readonly SourceColumn[]): SourceColumn | undefined {
  let best: { column: SourceColumn; length: number } | undefined;
  for (const column of columns)
    for (const prefix of column.paths) {
      const matches = rest === prefix || rest.startsWith(`${prefix}.`) || rest.startsWith(`${prefix}[`);
      if (matches && prefix.length > (best?.length ?? -1)) best = { column, length: prefix.length };
    }
  return best?.column;
}

/** `… the id of units[0]` → `… the id of 单位表 第2行`. */
function mentionRows(text: string, sources: WorkbookSources): string {
  return text.replace(/\b(goals|units)\[(\d+)\]/g, (whole, list: 'goals' | 'units', index: string) => {
    const row = sources[list].rows[Number(index)];
    return row === undefined ? whole : cellPath(sources[list].sheet, row);
  });
}
