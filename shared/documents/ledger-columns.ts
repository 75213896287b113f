import { levelLabels } from '../domain/lateness.js';
import type { Light } from '../domain/light.js';
import { directionSigns } from '../domain/target.js';
import type { TaskStatus } from '../domain/task.js';
import type { LedgerRow } from './ledger-rows.js';

/** The words a clerk reads for a task's status, as the web workspace shows them. */
export const statusLabels: Readonly<Record<TaskStatus, string>> = {
  assigned: '已分配',
  in_progress: '进行中',
  closeout_requested: '申请销号',
  accepted: '已验收',
  closed: '已销号',
  withdrawn: '已撤回',
};

export const lightLabels: Readonly<Record<Light, string>> = { red: '红灯', yellow: '黄灯', green: '绿灯' };

/** A cell of the workbook: a number, a date (ISO day) or text, with its number format. */
export type LedgerCell = { number: number; numFmt?: string } | { date: string } | { text: string } | null;

export interface LedgerColumn {
  heading: string;
  /** The cell for the workbook; `index` is the row's place in its sheet, from 1. */
  cell(row: LedgerRow, index: number): LedgerCell;
  /** Left out of the printed page (kept in the data). */
  hidden?: true;
}

const PERCENT = '0.0%';
const text = (value: string | null): LedgerCell => (value ? { text: value } : null);
const number = (value: number | null, numFmt?: string): LedgerCell => (value === null ? null : { number: value, ...(numFmt ? { numFmt } : {}) });

/** ≤ 35 μg/m³ or 150以上 reads as a target; the number stays a number so the column sorts and sums. */
function targetFormat(row: LedgerRow): string | undefined {
  if (row.direction) return `"${directionSigns[row.direction]}"General`;
  if (row.atLeast) return 'General"以上"';
  return undefined;
}

/** The ledger's columns, in order; the CSV has the same headings and the cells as text (cellText). */
export const ledgerColumns: readonly LedgerColumn[] = [
  { heading: '序号', cell: (_, index) => ({ number: index }) },
  { heading: '责任单位', cell: (row) => text(row.unitName) },
  { heading: '任务', cell: (row) => text(row.goalTitle) },
  { heading: '牵头单位', cell: (row) => text(row.leadNames) },
  { heading: '目标值', cell: (row) => number(row.target, targetFormat(row)) },
  { heading: '计量单位', cell: (row) => text(row.unitOfMeasure) },
  {
    heading: '完成量/最新值',
    cell: (row) => (row.kind === 'action' ? text(row.complete ? '已完成' : '未完成') : number(row.reported)),
  },
  { heading: '完成率', cell: (row) => number(row.completion, PERCENT) },
  { heading: '序时进度', cell: (row) => number(row.expected, PERCENT) },
  { heading: '亮灯', cell: (row) => text(row.light && lightLabels[row.light]) },
  { heading: '督办级别', cell: (row) => text(row.escalation && levelLabels[row.escalation]) },
  { heading: '状态', cell: (row) => text(statusLabels[row.status]) },
  { heading: '截止日期', cell: (row) => ({ date: row.deadline }) },
  { heading: '最近填报', cell: (row) => (row.lastReport ? { date: row.lastReport } : null) },
  { heading: '进展说明', cell: (row) => text(row.note) },
  { heading: '任务备注', cell: (row) => text(row.planNote) },
  { heading: '目标说明', cell: (row) => text(row.targetNote) },
  { heading: '任务编号', cell: (row) => text(row.taskId), hidden: true },
];

/** The column holding the light, which the workbook colours. */
export const LIGHT_COLUMN = ledgerColumns.findIndex((column) => column.heading === '亮灯') + 1;

/** A cell as the CSV writes it: percentages with one decimal, ≤ ≥ > < before an indicator's target, 以上 after a floor. */
export function cellText(cell: LedgerCell): string {
  if (cell === null) return '';
  if ('text' in cell) return cell.text;
  if ('date' in cell) return cell.date;
  if (cell.numFmt === PERCENT) return `${(cell.number * 100).toFixed(1)}%`;
  const prefix = /^"([^"]*)"/.exec(cell.numFmt ?? '')?.[1] ?? '';
  const suffix = /General"([^"]*)"$/.exec(cell.numFmt ?? '')?.[1] ?? '';
  return `${prefix}${formatNumber(cell.number)}${suffix}`;
}

/** Up to four decimals, without the binary noise of a quotient (0.30000000000000004). */
function formatNumber(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}
