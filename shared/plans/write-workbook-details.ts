import type ExcelJS from 'exceljs';
import type { PlanInput } from '../domain/plan.js';
import { detailColumns, type DetailField } from './workbook-details-layout.js';
import { milestonesText } from './workbook-milestones.js';

type Cells = Record<DetailField, ExcelJS.CellValue>;

/**
 * The rows of 单位明细: every unit detail of every goal, in goal order and then as the plan lists them.
 * The sheet (header, styles, checks) is laid out by write-plan-workbook.ts like the others.
 */
export function detailRows(plan: PlanInput, nameOf: (id: string) => string, date: (iso: string) => ExcelJS.CellValue): Cells[] {
  return plan.goals.flatMap((goal) =>
    Object.entries(goal.allocation.details ?? {}).map(([unitId, detail]) => ({
      goal: goal.id,
      unit: nameOf(unitId),
      title: detail.title ?? null,
      note: detail.note ?? null,
      deadline: detail.deadline === undefined ? null : date(detail.deadline),
      milestones: detail.milestones ? milestonesText(detail.milestones) : null,
    })),
  );
}

export const detailFields = Object.keys(detailColumns) as DetailField[];
