import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGoal, largestRemainder } from '../../../shared/domain/allocation.js';
import { Plan } from '../../../shared/domain/plan.js';
import { smallPlan } from './plan-fixture.js';

const weightLists = fc.array(fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 500, noNaN: true }), fc.constant(0)), {
  minLength: 1,
  maxLength: 40,
});
const splits = fc
  .tuple(fc.nat(100_000), weightLists)
  .filter(([, weights]) => weights.some((w) => w > 0));

describe('largestRemainder', () => {
  it('splits 110 over enterprise counts 120 : 300 : 80', () => {
    // Act
    const shares = largestRemainder(110, [120, 300, 80]);

    // Assess: exact shares 26.4, 66, 17.6
    expect(shares).toEqual([26, 66, 18]);
  });

  it('gives equal remainders to the earlier units', () => {
    // Act
    const shares = largestRemainder(10, [1, 1, 1]);

    // Assess
    expect(shares).toEqual([4, 3, 3]);
  });

  it('does not fall off an exact boundary with decimal weights', () => {
    // Act: exact shares 1 and 2
    const shares = largestRemainder(3, [0.1, 0.2]);

    // Assess
    expect(shares).toEqual([1, 2]);
  });

  it('refuses all-zero weights (validation reports them as missing_base)', () => {
    // Act / Assess
    expect(() => largestRemainder(5, [0, 0])).toThrow(RangeError);
  });

  it('always sums to the total', () => {
    fc.assert(
      fc.property(splits, ([total, weights]) => {
        // Act
        const shares = largestRemainder(total, weights);

        // Assess
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('keeps every share within the floor and ceiling of its exact proportional share', () => {
    fc.assert(
      fc.property(splits, ([total, weights]) => {
        // Prepare
        const sum = weights.reduce((a, b) => a + b, 0);

        // Act
        const shares = largestRemainder(total, weights);

        // Assess
        shares.forEach((share, i) => {
          const exact = (total * weights[i]!) / sum;
          expect(Number.isInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(Math.floor(exact - 1e-6));
          expect(share).toBeLessThanOrEqual(Math.ceil(exact + 1e-6));
        });
      }),
    );
  });

  it('gives nothing to a zero weight', () => {
    fc.assert(
      fc.property(splits, ([total, weights]) => {
        // Act
        const shares = largestRemainder(total, weights);

        // Assess
        weights.forEach((w, i) => {
          if (w === 0) expect(shares[i]).toBe(0);
        });
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(splits, ([total, weights]) => {
        // Act / Assess
        expect(largestRemainder(total, [...weights])).toEqual(largestRemainder(total, weights));
      }),
    );
  });
});

describe('allocateGoal', () => {
  const plan = Plan.parse(smallPlan());
  const goal = (id: string) => plan.goals.find((g) => g.id === id)!;

  it('cascades an indicator to every town and street, overrides winning', () => {
    // Act
    const tasks = allocateGoal(plan, goal('pm25'));

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 29 },
      { unitId: 'longshan', target: 28 },
      { unitId: 'zhouxiang', target: 29 },
    ]);
  });

  it('splits a quantity in proportion to a base, in plan order', () => {
    // Act
    const tasks = allocateGoal(plan, goal('vocs'));

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 26 },
      { unitId: 'longshan', target: 66 },
      { unitId: 'zhouxiang', target: 18 },
    ]);
  });

  it('gives the quotas as written, in plan order', () => {
    // Act
    const tasks = allocateGoal(plan, goal('parks'));

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 1 },
      { unitId: 'zhouxiang', target: 2 },
    ]);
  });

  it('splits evenly, plan order first, whatever the order of the list', () => {
    // Prepare
    const stations = { ...goal('stations'), allocation: { method: 'even' as const, units: ['zhouxiang', 'hushan', 'longshan'] } };

    // Act
    const tasks = allocateGoal(plan, stations);

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 4 },
      { unitId: 'longshan', target: 3 },
      { unitId: 'zhouxiang', target: 3 },
    ]);
  });

  it('leaves out units whose quantity share is zero', () => {
    // Prepare
    const centres = { ...goal('stations'), target: 2, allocation: { method: 'even' as const, units: 'towns' as const } };

    // Act
    const tasks = allocateGoal(plan, centres);

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 1 },
      { unitId: 'longshan', target: 1 },
    ]);
  });

  it('gives an action goal one task for its lead, without a target', () => {
    // Act
    const tasks = allocateGoal(plan, goal('eco-plan'));

    // Assess
    expect(tasks).toEqual([{ unitId: 'bureau', target: null }]);
  });

  it('gives an action cascaded to each department no target', () => {
    // Prepare
    const action = { ...goal('eco-plan'), allocation: { method: 'each' as const, units: 'departments' as const } };

    // Act
    const tasks = allocateGoal(plan, action);

    // Assess
    expect(tasks).toEqual([
      { unitId: 'water-office', target: null },
      { unitId: 'bureau', target: null },
    ]);
  });

  it('sums every proportional quantity goal to its target', () => {
    fc.assert(
      fc.property(fc.nat(50_000), (target) => {
        // Prepare
        const vocs = { ...goal('vocs'), target };

        // Act
        const tasks = allocateGoal(plan, vocs);

        // Assess
        expect(tasks.reduce((sum, t) => sum + (t.target ?? 0), 0)).toBe(target);
      }),
    );
  });
});
