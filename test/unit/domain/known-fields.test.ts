import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import { editDistance, knownFieldsAt, nearestName } from '../../../shared/domain/known-fields.js';

describe('knownFieldsAt', () => {
  it('finds the fields of the object at a path, through lists, defaults and the kinds of a goal', () => {
    // Act
    const top = knownFieldsAt(Plan, []);
    const goal = knownFieldsAt(Plan, ['goals', 3]);
    const ladder = knownFieldsAt(Plan, ['tracking', 'ladder']);
    const points = knownFieldsAt(Plan, ['assessment', 'points']);

    // Assess
    expect(top).toEqual(expect.arrayContaining(['id', 'name', 'year', 'units', 'goals', 'tracking', 'assessment']));
    expect(goal).toEqual(expect.arrayContaining(['id', 'title', 'target', 'direction', 'unitOfMeasure', 'milestones', 'allocation']));
    expect(ladder).toEqual(expect.arrayContaining(['remindBefore', 'urge', 'supervise', 'notice', 'summon']));
    expect(points).toEqual(['completion', 'timeliness']);
    expect(knownFieldsAt(Plan, ['name'])).toEqual([]);
  });
});

describe('nearestName', () => {
  it('answers a slip with the known name, whatever its letter case', () => {
    // Act / Assess
    expect(nearestName('unitOfMesure', ['unitOfMeasure', 'title'])).toBe('unitOfMeasure');
    expect(nearestName('deadlnie', ['deadline', 'lead'])).toBe('deadline');
    expect(nearestName('UNITOFMEASURE', ['unitOfMeasure'])).toBe('unitOfMeasure');
  });

  it('answers nothing when no name is near, or two are equally near', () => {
    // Act / Assess
    expect(nearestName('colour', ['title', 'deadline'])).toBeUndefined();
    expect(nearestName('lea', ['lead', 'leaf'])).toBeUndefined();
  });

  it('distance is symmetric, zero only for equal texts, and at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = editDistance(a, b);
        expect(distance).toBe(editDistance(b, a));
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
