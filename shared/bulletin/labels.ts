import { levelLabels, levels, type LatenessKind, type Level } from '../domain/lateness.js';
import { lights, type Light } from '../domain/light.js';
import type { Bulletin, NoticedTask, UnitRow } from './bulletin.js';

/*
 * What the HTML and the XLSX renderings of a bulletin share: the bilingual headings (Chinese first, as the
 * bureau reads them) and the columns of its two sections, so the two documents never disagree.
 */

export const lightLabels: Readonly<Record<Light, string>> = { green: '绿灯 / Green', yellow: '黄灯 / Yellow', red: '红灯 / Red' };

const levelEnglish: Readonly<Record<Level, string>> = { remind: 'Remind', urge: 'Urge', supervise: 'Supervise', notice: 'Notice', summon: 'Summon' };
export const levelHeadings: Readonly<Record<Level, string>> = Object.fromEntries(
  Object.entries(levelLabels).map(([level, label]) => [level, `${label} / ${levelEnglish[level as Level]}`]),
) as Record<Level, string>;

export const kindLabels: Readonly<Record<LatenessKind, string>> = { overdue: '逾期 / overdue', behind: '滞后 / behind', due_soon: '临期 / due soon' };

/** `2022-10` → `{ zh: '2022年10月', en: 'October 2022' }`. */
export function monthNames(month: string): { zh: string; en: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const english = new Date(Date.UTC(year, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return { zh: `${year}年${m}月`, en: `${english} ${year}` };
}

/** `2022年10月月度通报 / Monthly bulletin, October 2022`: named after the month it covers. */
export function titleOf(bulletin: Pick<Bulletin, 'covers'>): string {
  const { zh, en } = monthNames(bulletin.covers);
  return `${zh}月度通报 / Monthly bulletin, ${en}`;
}

/** `发布日期 2022-11-01 · 统计期间 2022年10月 / Published 2022-11-01, covering October 2022`. */
export function subtitleOf(bulletin: Pick<Bulletin, 'covers' | 'publishedOn'>): string {
  const { zh, en } = monthNames(bulletin.covers);
  return `发布日期 ${bulletin.publishedOn} · 统计期间 ${zh} / Published ${bulletin.publishedOn}, covering ${en}`;
}

export const sectionTitles = {
  units: '各单位完成情况 / Units',
  noticed: '通报、约谈任务 / Tasks noticed or summoned',
} as const;

/** `0.4167` → `41.7%`; a unit without tasks has no rate. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export type CellValue = string | number;

export interface Column<Row> {
  heading: string;
  /** As the HTML shows it; numbers are right-aligned there and numbers in the XLSX. */
  cell: (row: Row) => CellValue;
  /** The XLSX cell when it differs from the text: a rate as a number with a percent format. */
  excel?: { value: (row: Row) => number | null; numFmt: string };
}

export const unitColumns: readonly Column<UnitRow>[] = [
  { heading: '单位 / Unit', cell: (row) => row.unitName },
  { heading: '单位编号 / Unit id', cell: (row) => row.unitId },
  { heading: '任务数 / Tasks', cell: (row) => row.tasks },
  { heading: '已办结 / Closed', cell: (row) => row.closed },
  {
    heading: '完成率 / Completion rate',
    cell: (row) => percent(row.completionRate),
    excel: { value: (row) => row.completionRate, numFmt: '0.0%' },
  },
  ...lights.map((light): Column<UnitRow> => ({ heading: lightLabels[light], cell: (row) => row.lights[light] })),
  ...levels.map((level): Column<UnitRow> => ({ heading: levelHeadings[level], cell: (row) => row.escalations[level] })),
];

export const noticedColumns: readonly Column<NoticedTask>[] = [
  { heading: '单位 / Unit', cell: (row) => row.unitName },
  { heading: '任务 / Task', cell: (row) => row.title },
  { heading: '任务编号 / Task id', cell: (row) => row.taskId },
  { heading: '级别 / Level', cell: (row) => levelHeadings[row.level] },
  { heading: '升级日期 / Raised on', cell: (row) => row.date },
  { heading: '情形 / Kind', cell: (row) => kindLabels[row.kind] },
  { heading: '起算日 / Since', cell: (row) => row.since },
  { heading: '工作日 / Working days', cell: (row) => row.workingDays },
];
