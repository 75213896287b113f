import type { SourceColumn } from './workbook-source-map.js';

/** Where each detail of 单位明细 came from: its row by `detailKey`, and the sheet's columns. */
export interface DetailSource {
  sheet: string;
  present: boolean;
  rows: Map<string, number>;
  columns: SourceColumn[];
}

export function detailKey(goalIndex: number, unitId: string): string {
  return `${goalIndex}:${unitId}`;
}

/**
 * The row and column of a problem in a unit's detail (`goals[2].allocation.details.ninghai.deadline` →
 * 单位明细, the row of goal 2 and 宁海县, 完成时限); `undefined` for a path elsewhere, `null` when the sheet
 * or the column is not there to show it (its absence is reported once).
 */
export function detailCell(path: string, source: DetailSource | undefined): { sheet: string; row: number | undefined; header: string | undefined } | null | undefined {
  const match = /^goals\[(\d+)\]\.allocation\.details\.([a-z0-9-]+)(?:\.(.*))?$/.exec(path);
  if (!match || !source) return undefined;
  if (!source.present) return null;
  const rest = match[3] ?? '';
  const column =
    source.columns.find((c) => c.paths.some((p) => p !== '' && (rest === p || rest.startsWith(`${p}.`) || rest.startsWith(`${p}[`)))) ??
    source.columns.find((c) => c.paths.includes(''));
  if (column?.missing) return null;
  return { sheet: source.sheet, row: source.rows.get(detailKey(Number(match[1]), match[2]!)), header: column?.header };
}
