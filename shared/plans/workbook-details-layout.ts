import type { Column } from './workbook-layout.js';

/**
 * 单位明细: one row per unit whose task a goal gives its own title, note, deadline or milestones (allocation
 * `details`), the goal named by its 编号 in 任务表 and the unit by its name in 单位表.
 */
export const detailsSheetName = '单位明细';

export const detailColumns = {
  goal: { header: '任务编号', paths: [], width: 20, required: true, aliases: ['目标编号', '编号'] },
  unit: { header: '单位', paths: [''], width: 16, required: true, aliases: ['责任单位', '单位名称'] },
  title: { header: '任务名称', paths: ['title'], width: 36 },
  note: { header: '备注', paths: ['note'], width: 36 },
  deadline: { header: '完成时限', paths: ['deadline'], width: 12 },
  milestones: { header: '序时进度', paths: ['milestones'], width: 34 },
} as const satisfies Record<string, Column>;
export type DetailField = keyof typeof detailColumns;
