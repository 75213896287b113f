import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import { resolveUnitSet } from '../../../shared/domain/unit-sets.js';
import { smallPlan } from './plan-fixture.js';

const plan = Plan.parse(smallPlan());
const ids = (set: Parameters<typeof resolveUnitSet>[1]) => resolveUnitSet(plan, set).map((u) => u.id);

describe('resolveUnitSet', () => {
  it('counts streets among the towns', () => {
    // Act / Assess
    expect(ids('towns')).toEqual(['hushan', 'longshan', 'zhouxiang']);
  });

  it('resolves departments and all', () => {
    // Act / Assess
    expect(ids('departments')).toEqual(['water-office', 'bureau']);
    expect(ids('all')).toEqual(['hushan', 'longshan', 'zhouxiang', 'water-office', 'bureau']);
  });

  it('returns a list in plan order, without unknown ids or repeats', () => {
    // Act / Assess
    expect(ids(['bureau', 'zhouxiang', 'nobody', 'bureau'])).toEqual(['zhouxiang', 'bureau']);
  });
});
