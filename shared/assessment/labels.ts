import { bilingual, gradeLabels, lineRuleLabels } from '../domain/assessment/labels.js';
import type { Grade, LineRule } from '../domain/assessment/types.js';

/** How the reports name grades and line rules: `优秀 / Excellent`, as the CLI and notifications do. */
export const gradeText = (grade: Grade) => bilingual(gradeLabels[grade]);
export const ruleText = (rule: LineRule) => bilingual(lineRuleLabels[rule]);

export const titleOf = (year: number) => `${year} 年度目标考核结果 / ${year} year-end assessment`;
