import type { Label } from '../domain/assessment/labels.js';
import { dateEn, dateZh } from '../domain/assessment/line-words.js';
import type { DocumentLang } from '../documents/html.js';

/* The words of the assessment result's documents (HTML, workbook, CSV), in Chinese and English. */

/** A word in the report's language. */
export const say = (label: Label, lang: DocumentLang): string => label[lang];

/** 2022年度目标考核结果, with the bureau's name before it when known. */
export function titleOf(year: number, lang: DocumentLang, organisation?: string): string {
  if (lang === 'en') return `${year} year-end assessment results${organisation ? `: ${organisation}` : ''}`;
  return `${organisation ?? ''}${year}年度目标责任制考核结果`;
}

/** 发布日期：2023年1月16日. */
export function publishedText(publishedOn: string, lang: DocumentLang): string {
  return lang === 'en' ? `Published ${dateEn(publishedOn)}` : `发布日期：${dateZh(publishedOn)}`;
}

/** A ranking group as the documents name it: the rules' name (镇街道, 部门), the English of the default groups. */
export function groupText(group: { group: string; groupName: string }, lang: DocumentLang): string {
  if (lang === 'zh') return group.groupName || '全部单位';
  return defaultGroupsEn[group.group] ?? (group.groupName || 'All units');
}

const defaultGroupsEn: Readonly<Record<string, string>> = {
  towns: 'Towns and streets',
  counties: 'Districts, counties, cities and zones',
  departments: 'Departments',
};

/** The columns of the ranking, in every document. */
export const rankingColumns = {
  group: { zh: '分组', en: 'Group' },
  rank: { zh: '排名', en: 'Rank' },
  unit: { zh: '单位', en: 'Unit' },
  total: { zh: '总分', en: 'Total' },
  grade: { zh: '等次', en: 'Grade' },
  completion: { zh: '完成度', en: 'Completion' },
  timeliness: { zh: '及时性', en: 'Timeliness' },
  deductions: { zh: '扣分', en: 'Deductions' },
  bonus: { zh: '加分', en: 'Bonus' },
  vetoed: { zh: '一票否决', en: 'Vetoed' },
} as const satisfies Record<string, Label>;

/** The columns of the line items, in every document. */
export const lineColumns = {
  unit: { zh: '单位', en: 'Unit' },
  task: { zh: '任务', en: 'Task' },
  rule: { zh: '考核项', en: 'Rule' },
  points: { zh: '分值', en: 'Points' },
  explanation: { zh: '说明', en: 'Explanation' },
  basis: { zh: '依据', en: 'Based on' },
} as const satisfies Record<string, Label>;

/** What a unit's own line (a bonus, a veto) shows for its task. */
export const unitLineTask: Label = { zh: '（单位加减分）', en: '(the unit as a whole)' };

export const yes: Label = { zh: '是', en: 'Yes' };
