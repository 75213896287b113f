import { levelLabels, levels, type Level } from '../lateness.js';
import type { TieBreakKey } from './rules.js';
import type { Grade, LineRule } from './types.js';

/** The words of the assessment for people, in both languages: reports, notifications and the CLI say them alike. */
export interface Label {
  zh: string;
  en: string;
}

export const gradeLabels: Readonly<Record<Grade, Label>> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};

export const lineRuleLabels: Readonly<Record<LineRule, Label>> = {
  completion: { zh: '完成度', en: 'Completion' },
  timeliness: { zh: '及时性', en: 'Timeliness' },
  escalation: { zh: '督办扣分', en: 'Escalation' },
  rebound: { zh: '回头看反弹', en: 'Rebound' },
  bonus: { zh: '加分', en: 'Bonus' },
  veto: { zh: '一票否决', en: 'Veto' },
};

/** The subtotals the tie rules compare. */
export const subtotalLabels: Readonly<Record<TieBreakKey, Label>> = {
  completion: lineRuleLabels.completion,
  timeliness: lineRuleLabels.timeliness,
  deductions: { zh: '扣分', en: 'Deductions' },
  bonus: lineRuleLabels.bonus,
};

const levelEnglish: Readonly<Record<Level, string>> = { remind: 'Remind', urge: 'Urge', supervise: 'Supervise', notice: 'Notice', summon: 'Summon' };

/** The ladder's levels, the Chinese from lateness.ts `levelLabels`. */
export const assessmentLevelLabels: Readonly<Record<Level, Label>> = Object.fromEntries(
  levels.map((level) => [level, { zh: levelLabels[level], en: levelEnglish[level] }]),
) as Record<Level, Label>;

/** `优秀 / Excellent`: Chinese first, as the bureau reads it. */
export function bilingual(label: Label): string {
  return `${label.zh} / ${label.en}`;
}
