import { describe, expect, it } from 'vitest';
import { MAX_NAMED_CHANGES, planChanges, type PlanChanges } from '../../../shared/store/plan-changes.js';
import { samplePlan } from '../../support/sample-plan.js';

const none = { added: 0, changed: 0, removed: 0, names: { added: [], changed: [], removed: [] } };
const noChanges: PlanChanges = { goals: none, units: none, settings: [] };

describe('planChanges', () => {
  it('names goals by title and units by name, added, changed and removed, and the settings changed', () => {
    // Prepare
    const before = samplePlan('changes');
    const after = {
      ...before,
      year: before.year + 1,
      units: [...before.units.filter((unit) => unit.id !== 'zhouxiang'), { id: 'kandun', name: '坎墩街道', kind: 'street' as const }],
      goals: before.goals.map((goal) => (goal.id === 'pm25' ? { ...goal, deadline: `${before.year}-11-30` } : goal)),
    };

    // Act
    const changes = planChanges(before, after);

    // Assess
    expect(changes.units).toEqual({
      added: 1,
      changed: 0,
      removed: 1,
      names: { added: [{ id: 'kandun', name: '坎墩街道' }], changed: [], removed: [{ id: 'zhouxiang', name: '周巷镇' }] },
    });
    expect(changes.goals.names.changed).toEqual([{ id: 'pm25', name: before.goals.find((goal) => goal.id === 'pm25')!.title }]);
    expect(changes.settings).toEqual(['year']);
  });

  it('sees no change in the same content written in another key order or another list order', () => {
    // Prepare
    const before = samplePlan('order');
    const after = reverseKeys({ ...before, units: [...before.units].reverse(), goals: [...before.goals].reverse() }) as typeof before;

    // Act
    const changes = planChanges(before, after);

    // Assess
    expect(changes).toEqual(noChanges);
  });

  it('counts every change but names only the first ones, so that a revision stays small', () => {
    // Prepare
    const before = samplePlan('many');
    const added = Array.from({ length: MAX_NAMED_CHANGES + 5 }, (_, i) => ({ id: `town-${i}`, name: `新镇${i}`, kind: 'town' as const }));

    // Act
    const changes = planChanges(before, { ...before, units: [...before.units, ...added] });

    // Assess
    expect(changes.units.added).toBe(MAX_NAMED_CHANGES + 5);
    expect(changes.units.names.added).toHaveLength(MAX_NAMED_CHANGES);
    expect(changes.units.names.added[0]).toEqual({ id: 'town-0', name: '新镇0' });
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, v]) => [key, reverseKeys(v)]));
}
