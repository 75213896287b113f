import { describe, expect, it } from 'vitest';
import { defaultAssessmentRules } from '../../../shared/domain/assessment/rules.js';
import { unitKindNamesZh } from '../../../shared/domain/unit-kinds.js';
import { unitKinds } from '../../../shared/domain/plan.js';
import { unitKindLabels } from '../../../shared/plans/workbook-layout.js';
import en from '../../../web/src/locales/en.js';
import zh from '../../../web/src/locales/zh-CN.js';

describe('unit kind labels in the web, the workbook and the problems', () => {
  it('name every kind, the same Chinese word everywhere', () => {
    // Act
    const web = unitKinds.map((kind) => [zh.people.kind[kind], en.people.kind[kind]]);

    // Assess
    expect(web.every(([chinese, english]) => typeof chinese === 'string' && typeof english === 'string')).toBe(true);
    expect(web.map(([chinese]) => chinese)).toEqual(unitKinds.map((kind) => unitKindLabels[kind]));
    expect(unitKinds.map((kind) => unitKindNamesZh[kind])).toEqual(unitKinds.map((kind) => unitKindLabels[kind]));
  });

  it('name the default ranking groups, every group of the default rules', () => {
    // Act
    const ids = defaultAssessmentRules.groups.map((group) => group.id);

    // Assess
    expect(Object.keys(zh.assessmentDesk.defaultGroups)).toEqual(ids);
    expect(Object.keys(en.assessmentDesk.defaultGroups)).toEqual(ids);
  });
});
