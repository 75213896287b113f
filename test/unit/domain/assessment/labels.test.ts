import { describe, expect, it } from 'vitest';
import { assessmentLevelLabels, bilingual, gradeLabels, lineRuleLabels } from '../../../../shared/domain/assessment/labels.js';
import { grades, lineRules } from '../../../../shared/domain/assessment/types.js';
import { levelLabels, levels } from '../../../../shared/domain/lateness.js';

describe('assessment labels', () => {
  it('name every grade and line rule, Chinese first', () => {
    // Act
    const named = [...grades.map((grade) => bilingual(gradeLabels[grade])), ...lineRules.map((rule) => bilingual(lineRuleLabels[rule]))];

    // Assess
    expect(named).toEqual([
      '优秀 / Excellent',
      '良好 / Good',
      '合格 / Pass',
      '不合格 / Fail',
      '完成度 / Completion',
      '及时性 / Timeliness',
      '督办扣分 / Escalation',
      '回头看反弹 / Rebound',
      '加分 / Bonus',
      '一票否决 / Veto',
    ]);
  });

  it('say the ladder\'s levels in the chase\'s own Chinese words', () => {
    // Act / Assess
    expect(levels.map((level) => assessmentLevelLabels[level].zh)).toEqual(levels.map((level) => levelLabels[level]));
    expect(bilingual(assessmentLevelLabels.notice)).toBe('通报 / Notice');
  });
});
