import type { TieBreakKey } from '../domain/assessment/rules.js';

/*
 * The 考核设置 sheet: `plan.assessment` as a clerk reads it. First one setting a row (项目, 内容, 说明), then the
 * weights (目标编号, 权重) and the groups (分组编号, 分组名称, 单位类型, 优秀, 良好, 合格), each table found by its
 * header row. Reader and writer share these words so that a written sheet reads back to the same rules.
 */

export const ASSESSMENT_SHEET = '考核设置';

/** How a setting's cell is written and read: a number, a share (20%), 是/否, one of a few words, a list of words. */
export type SettingKind = 'number' | 'share' | 'yesNo' | 'mode' | 'tieBreak';

export interface SettingRow {
  label: string;
  /** Path inside `plan.assessment`. */
  path: string;
  kind: SettingKind;
  note: string;
}

export const settingRows: readonly SettingRow[] = [
  { label: '完成度分值', path: 'points.completion', kind: 'number', note: '分；与及时性分值之和为 100' },
  { label: '及时性分值', path: 'points.timeliness', kind: 'number', note: '分' },
  { label: '指标评分方式', path: 'indicator.mode', kind: 'mode', note: '达标得分：达到目标得全分，否则不得分；按差距计分：差距越大得分越少' },
  { label: '指标容差', path: 'indicator.tolerance', kind: 'share', note: '按差距计分时，差距达到目标值的该比例得 0 分' },
  { label: '逾期扣减比例', path: 'timeliness.perLateDay', kind: 'share', note: '每逾期一个工作日扣减该任务及时性分值的比例' },
  { label: '提醒扣分', path: 'deductions.remind', kind: 'number', note: '每个周期达到该级别扣分' },
  { label: '催办扣分', path: 'deductions.urge', kind: 'number', note: '每个周期达到该级别扣分' },
  { label: '督办扣分', path: 'deductions.supervise', kind: 'number', note: '每个周期达到该级别扣分' },
  { label: '通报扣分', path: 'deductions.notice', kind: 'number', note: '每个周期达到该级别扣分' },
  { label: '约谈扣分', path: 'deductions.summon', kind: 'number', note: '每个周期达到该级别扣分' },
  { label: '反弹扣分', path: 'deductions.rebound', kind: 'number', note: '回头看中已办结任务每重新打开一次扣分' },
  { label: '扣完为止', path: 'floorAtZero', kind: 'yesNo', note: '是：总分不低于 0；否：总分可为负' },
  { label: '加分上限', path: 'bonusCap', kind: 'number', note: '一个单位全年加分最多为该分值' },
  { label: '配合单位得分比例', path: 'coUnitShare', kind: 'share', note: '0：配合单位不计分；否则配合单位按权重×该比例计分' },
  { label: '优秀', path: 'grades.excellent', kind: 'number', note: '总分不低于该值为优秀' },
  { label: '良好', path: 'grades.good', kind: 'number', note: '总分不低于该值为良好' },
  { label: '合格', path: 'grades.pass', kind: 'number', note: '总分不低于该值为合格，低于为不合格' },
  { label: '同分排序', path: 'tieBreak', kind: 'tieBreak', note: '总分相同时依次比较，如：完成度、扣分、及时性' },
  { label: '申诉期', path: 'appealDays', kind: 'number', note: '成绩公布后可申诉的工作日数' },
];

export const settingsHeader = ['项目', '内容', '说明'] as const;
export const weightsHeader = ['目标编号', '权重', '任务/指标'] as const;
export const groupsHeader = ['分组编号', '分组名称', '单位类型', '优秀', '良好', '合格'] as const;

export const modeLabels = { attained: '达标得分', graded: '按差距计分' } as const;
export const yesNoLabels = { yes: '是', no: '否' } as const;
export const tieBreakLabels: Record<TieBreakKey, string> = { completion: '完成度', deductions: '扣分', timeliness: '及时性', bonus: '加分' };

/** Between the words of a list cell (同分排序, 单位类型). */
export const LIST_SEPARATOR = /[、,，;；/\s]+/;
