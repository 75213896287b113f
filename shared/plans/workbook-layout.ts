import type { AllocationMethod, Direction, GoalKind, UnitKind } from '../domain/plan.js';
import { unitKindNamesZh } from '../domain/unit-kinds.js';

/**
 * The 任务分解表 as a bureau clerk fills it in: one row per goal, units referred to by their Chinese
 * names, Chinese words for kinds and methods. Reader and writer share these names so that a written
 * workbook always reads back to the same plan.
 */
export const sheetNames = { goals: '任务表', units: '单位表', info: '计划信息', help: '说明' } as const;

export interface Column {
  header: string;
  /** Plan paths (relative to the goal or unit) whose problems are shown in this column. */
  paths: readonly string[];
  /** The widest the column grows to fit its texts; longer ones wrap. */
  width: number;
  required?: boolean;
  /** Other headers a clerk may have used for the same column. */
  aliases?: readonly string[];
}

export const goalColumns = {
  seq: { header: '序号', paths: [], width: 6 },
  id: { header: '编号', paths: ['id'], width: 24 },
  title: { header: '任务/指标', paths: ['title'], width: 40, required: true, aliases: ['任务', '指标', '任务名称'] },
  kind: { header: '类型', paths: ['kind'], width: 8, required: true },
  target: { header: '目标值', paths: ['target'], width: 10 },
  unitOfMeasure: { header: '计量单位', paths: ['unitOfMeasure'], width: 10 },
  direction: { header: '方向', paths: ['direction'], width: 6 },
  lead: { header: '牵头单位', paths: ['lead'], width: 16, required: true },
  coUnits: { header: '配合单位', paths: ['coUnits'], width: 24 },
  deadline: { header: '完成时限', paths: ['deadline'], width: 12, required: true, aliases: ['完成时间', '时限'] },
  method: { header: '分解方式', paths: ['allocation.method', 'allocation'], width: 10, required: true },
  unitSet: { header: '单位范围', paths: ['allocation.units'], width: 28 },
  base: { header: '分解基数', paths: ['allocation.base'], width: 14 },
  shares: { header: '配额/调整值', paths: ['allocation.quotas', 'allocation.overrides'], width: 34, aliases: ['配额', '调整值'] },
  milestones: { header: '序时进度', paths: ['milestones'], width: 34 },
  basis: { header: '分解依据', paths: ['basis'], width: 40 },
  // A relative target's columns come last, so that the columns of workbooks written before keep their letters.
  baseline: { header: '基准值', paths: ['relative', 'relative.baseline', 'relative.baselines'], width: 24, aliases: ['基数值', '基期值'] },
  change: { header: '变化', paths: ['relative.change'], width: 10, aliases: ['变化幅度', '增减幅度'] },
  baselineYear: { header: '基准年', paths: ['relative.baselineYear'], width: 8, aliases: ['基期', '基准年份'] },
} as const satisfies Record<string, Column>;
export type GoalField = keyof typeof goalColumns;

export const unitColumns = {
  name: { header: '单位', paths: ['name'], width: 16, required: true, aliases: ['单位名称', '名称'] },
  kind: { header: '类型', paths: ['kind'], width: 8, required: true },
  id: { header: '编号', paths: ['id'], width: 22, required: true },
  tags: { header: '标签', paths: ['tags'], width: 16 },
} as const satisfies Record<string, Column>;
export type UnitField = keyof typeof unitColumns;
/** Headers in 单位表 that are notes, not bases. */
export const unitNoteHeaders: readonly string[] = ['序号', '备注', '说明'];

export const infoRows = {
  id: { label: '编号', path: 'id' },
  name: { label: '名称', path: 'name' },
  year: { label: '年度', path: 'year' },
  timezone: { label: '时区', path: 'timezone' },
  reviewLevels: { label: '审核层级', path: 'tracking.reviewLevels' },
  margin: { label: '预警幅度', path: 'tracking.margin' },
  ladder: { label: '升级阶梯', path: 'tracking.ladder' },
} as const;

export const kindLabels: Record<GoalKind, string> = { quantity: '数量', indicator: '指标', action: '行动' };
export const directionLabels: Record<Direction, string> = { at_most: '≤', at_least: '≥', more_than: '>', less_than: '<' };
export const methodLabels: Record<AllocationMethod, string> = {
  quota: '配额',
  even: '平均',
  proportional: '按比例',
  each: '各单位',
  lead: '牵头',
};
/** The workbook writes a unit's kind as documents do. */
export const unitKindLabels: Record<UnitKind, string> = unitKindNamesZh;
export const unitSetLabels = { towns: '全部镇街', departments: '全部部门', all: '全部单位' } as const;

/** Words a clerk may write for the same value, besides the label and the plan's own word. */
export const kindAliases: Record<string, GoalKind> = { 数量类: 'quantity', 指标类: 'indicator', 行动类: 'action', 工作: 'action' };
export const directionAliases: Record<string, Direction> = {
  '<=': 'at_most',
  '＜＝': 'at_most',
  不高于: 'at_most',
  不超过: 'at_most',
  以下: 'at_most',
  '>=': 'at_least',
  '＞＝': 'at_least',
  不低于: 'at_least',
  以上: 'at_least',
  '＞': 'more_than',
  高于: 'more_than',
  大于: 'more_than',
  超过: 'more_than',
  '＜': 'less_than',
  低于: 'less_than',
  小于: 'less_than',
};
export const methodAliases: Record<string, AllocationMethod> = {
  按配额: 'quota',
  平均分配: 'even',
  比例: 'proportional',
  按比例分配: 'proportional',
  逐一下达: 'each',
  牵头单位: 'lead',
};
export const unitKindAliases: Record<string, UnitKind> = {
  乡: 'town',
  乡镇: 'town',
  市: 'city',
  园区: 'zone',
  功能区: 'zone',
  开发园区: 'zone',
};
export const unitSetAliases: Record<string, keyof typeof unitSetLabels> = {
  镇街: 'towns',
  所有镇街: 'towns',
  部门: 'departments',
  所有部门: 'departments',
  全部: 'all',
  所有单位: 'all',
};

/** Chinese headers for the bases the samples use; any other base is headed by its id. */
export const baseLabels: Record<string, string> = {
  enterprises: '企业数',
  'vocs-enterprises': '涉VOCs企业数',
  'river-km': '河道公里数',
  'spray-shops': '喷涂企业数',
  'shoe-firms': '制鞋企业数',
  forklifts: '柴油叉车数',
  population: '人口',
};

export function baseLabel(id: string): string {
  return baseLabels[id] ?? id;
}

/** A base column is headed `企业数 (enterprises)`: the words for people, the id for the plan. */
export function baseHeader(id: string): string {
  return baseLabel(id) === id ? id : `${baseLabel(id)} (${id})`;
}

/** Headers and names as compared: spaces dropped, full-width punctuation folded. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, '').replace(/／/g, '/').replace(/（/g, '(').replace(/）/g, ')');
}

/** Separators a clerk uses between names in one cell. */
export const listSeparators = /[、,，;；\n]+/;
