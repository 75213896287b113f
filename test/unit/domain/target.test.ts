import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeWords,
  directions,
  excessOver,
  floorWords,
  isStrict,
  meetsTarget,
  relativeTarget,
  relativeWords,
  shortfall,
  targetText,
} from '../../../shared/domain/target.js';

const values = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('meetsTarget', () => {
  // direction, value, target, met
  const table = [
    ['at_most', 28, 29, true],
    ['at_most', 29, 29, true],
    ['at_most', 30, 29, false],
    ['less_than', 28, 29, true],
    ['less_than', 29, 29, false],
    ['less_than', 30, 29, false],
    ['at_least', 96, 95, true],
    ['at_least', 95, 95, true],
    ['at_least', 94, 95, false],
    ['more_than', 96, 95, true],
    ['more_than', 95, 95, false],
    ['more_than', 94, 95, false],
  ] as const;

  it.each(table)('%s: %d against %d is met: %s', (direction, value, target, met) => {
    // Act
    const result = meetsTarget(direction, value, target);

    // Assess
    expect(result).toBe(met);
  });

  it('reads at_least and less_than as complements on the same target, and at_most and more_than', () => {
    fc.assert(
      fc.property(values, values, (value, target) => {
        // Act
        const pairs = [
          [meetsTarget('at_least', value, target), meetsTarget('less_than', value, target)],
          [meetsTarget('at_most', value, target), meetsTarget('more_than', value, target)],
        ];

        // Assess: exactly one of each pair
        for (const [a, b] of pairs) expect(a).not.toBe(b);
      }),
    );
  });

  it('never meets a strict target its inclusive twin misses, and differs from it only on the target', () => {
    fc.assert(
      fc.property(values, values, (value, target) => {
        // Act
        const strictLow = meetsTarget('less_than', value, target);
        const low = meetsTarget('at_most', value, target);
        const strictHigh = meetsTarget('more_than', value, target);
        const high = meetsTarget('at_least', value, target);

        // Assess
        if (strictLow) expect(low).toBe(true);
        if (strictHigh) expect(high).toBe(true);
        if (value !== target) {
          expect(strictLow).toBe(low);
          expect(strictHigh).toBe(high);
        }
      }),
    );
  });
});

describe('shortfall', () => {
  it('is 0 exactly when an inclusive target is met, and the distance past the target otherwise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...directions), values, values, (direction, value, target) => {
        // Act
        const short = shortfall(direction, value, target);

        // Assess
        expect(short).toBeGreaterThanOrEqual(0);
        if (!isStrict(direction)) expect(short === 0).toBe(meetsTarget(direction, value, target));
        if (short > 0) expect(short).toBe(Math.abs(value - target));
      }),
    );
  });
});

describe('relativeTarget', () => {
  it('writes 31.2 lowered by 5% as 29.64, not float noise', () => {
    // Act
    const target = relativeTarget('at_most', 31.2, -0.05);

    // Assess
    expect(target).toBe(29.64);
  });

  it('rounds a third decimal towards the demanding side', () => {
    // Act: 24.5 × 0.95 = 23.275
    const lower = relativeTarget('at_most', 24.5, -0.05);
    const higher = relativeTarget('at_least', 24.5, -0.05);

    // Assess
    expect(lower).toBe(23.27);
    expect(higher).toBe(23.28);
  });

  it('is within a hundredth of baseline × (1 + change), never on the easy side', () => {
    const baselines = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    const changes = fc.double({ min: -0.99, max: 10, noNaN: true });
    fc.assert(
      fc.property(fc.constantFrom(...directions), baselines, changes, (direction, baseline, change) => {
        // Act
        const target = relativeTarget(direction, baseline, change);

        // Assess
        const exact = baseline * (1 + change);
        expect(Math.abs(target - exact)).toBeLessThan(0.01 + 1e-9);
        const easier = direction === 'at_most' || direction === 'less_than' ? target - exact : exact - target;
        expect(easier).toBeLessThan(1e-6);
        expect(Math.round(target * 100)).toBeCloseTo(target * 100, 6);
      }),
    );
  });
});

describe('words', () => {
  it('writes a change as 下降5% or 上升12.5%', () => {
    // Act
    const down = changeWords(-0.05);
    const up = changeWords(0.125);

    // Assess
    expect(down).toEqual({ zh: '下降5%', en: '5% lower' });
    expect(up).toEqual({ zh: '上升12.5%', en: '12.5% higher' });
  });

  it('writes a relative target with its year, baseline and target', () => {
    // Act
    const words = relativeWords({ baseline: 31.2, change: -0.05, baselineYear: 2023 }, 29.64);

    // Assess
    expect(words.zh).toBe('较2023年下降5%（基准值31.2，目标值29.64）');
  });

  it('writes a floor met with more as its excess', () => {
    // Act
    const over = floorWords(168, 150, '个');
    const exactly = floorWords(150, 150, '个');

    // Assess
    expect(over.zh).toBe('完成168个（目标150个以上，超额18个）');
    expect(exactly.zh).toBe('完成150个（目标150个以上）');
    expect(excessOver(150, 120)).toBe(0);
  });
});

describe('targetText', () => {
  it('writes a target with its sign, a floor with 以上, an action as -', () => {
    // Act
    const texts = [
      targetText({ target: 29.64, direction: 'at_most' }),
      targetText({ target: 95, direction: 'more_than' }),
      targetText({ target: 150, atLeast: true }),
      targetText({ target: 10 }),
      targetText({ target: null }),
    ];

    // Assess
    expect(texts).toEqual(['≤29.64', '>95', '150以上', '10', '-']);
  });
});
