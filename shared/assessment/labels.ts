import type { Grade, LineRule } from '../domain/assessment/types.js';

/** How the reports name grades and line rules: Chinese first, as the bureau reads them, then English. */
export const gradeLabels: Readonly<Record<Grade, string>> = {
  excellent: '优秀 Excellent',
  good: '良好 Good',
  pass: '合格 Pass',
  fail: '不合格 Fail',
};

export const ruleLabels: Readonly<Record<LineRule, string>> = {
  completion: '完成度 Completion',
  timeliness: '及时性 Timeliness',
  escalation: '督查扣分 Escalation',
  rebound: '回头看扣分 Rebound',
  bonus: '加分 Bonus',
  veto: '一票否决 Veto',
};

export const titleOf = (year: number) => `${year} 年度目标考核结果 / ${year} year-end assessment`;
