import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import { settingWarnings } from '../../../shared/plans/setting-warnings.js';
import { smallPlan } from '../domain/plan-fixture.js';

describe('settingWarnings (a re-import that changes the tracking or assessment settings)', () => {
  it('names each setting the new file resets, old → new, in English and Chinese', () => {
    // Prepare
    const stored = Plan.parse({
      ...smallPlan(),
      tracking: { margin: 0.2 },
      assessment: { grades: { excellent: 92 }, weights: { pm25: 2 }, tieBreak: ['bonus'] },
    });
    const imported = Plan.parse(smallPlan());

    // Act
    const warnings = settingWarnings(stored, imported);

    // Assess
    expect(warnings.map((w) => [w.setting, w.from, w.to])).toEqual([
      ['tracking.margin', 0.2, 0.1],
      ['assessment.grades.excellent', 92, 90],
      ['assessment.tieBreak', ['bonus'], ['completion', 'deductions', 'timeliness']],
      ['assessment.weights.pm25', 2, undefined],
    ]);
    expect(warnings[0]).toMatchObject({
      message: 'tracking.margin changes from 0.2 to 0.1 (the default)',
      messageZh: '预警幅度（tracking.margin）将由 0.2 改为 0.1（默认值）',
    });
    expect(warnings[1]!.messageZh).toBe('优秀（assessment.grades.excellent）将由 92 改为 90（默认值）');
    expect(warnings[3]!.messageZh).toBe('权重（assessment.weights.pm25）将由 2 改为 —（默认值）');
  });

  it('says nothing when the settings are the same, however the file was written', () => {
    // Prepare
    const stored = Plan.parse(smallPlan());
    const imported = Plan.parse({ ...smallPlan(), tracking: { reviewLevels: 2 }, assessment: { appealDays: 5 } });

    // Act / Assess
    expect(settingWarnings(stored, imported)).toEqual([]);
  });

  it('takes groups with their fields in another order for the same groups', () => {
    // Prepare
    const stored = Plan.parse(smallPlan());
    const imported = Plan.parse(smallPlan());
    imported.assessment.groups = imported.assessment.groups.map(({ kinds, name, id }) => ({ kinds, name, id }));

    // Act / Assess
    expect(settingWarnings(stored, imported)).toEqual([]);
  });

  it('does not call a value the default when it is not', () => {
    // Prepare
    const stored = Plan.parse(smallPlan());
    const imported = Plan.parse({ ...smallPlan(), assessment: { bonusCap: 8 } });

    // Act
    const [warning] = settingWarnings(stored, imported);

    // Assess
    expect(warning).toMatchObject({ setting: 'assessment.bonusCap', from: 5, to: 8, message: 'assessment.bonusCap changes from 5 to 8' });
  });
});
