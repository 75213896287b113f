import type { Direction } from './plan.js';

/*
 * What a target means, in one place: every comparison of a reported value with its target (lights,
 * lateness, scoring, the simulated year, the documents' words) asks these functions, so that the four
 * directions cannot drift apart. Pure.
 */

export const directions = ['at_most', 'at_least', 'more_than', 'less_than'] as const satisfies readonly Direction[];

/** The sign written before a target: ≤ ≥ > <. */
export const directionSigns: Readonly<Record<Direction, string>> = { at_most: '≤', at_least: '≥', more_than: '>', less_than: '<' };

/** The words written before a target: 不高于 29, 高于 95. */
export const directionWords: Readonly<Record<Direction, { zh: string; en: string }>> = {
  at_most: { zh: '不高于', en: 'at most' },
  at_least: { zh: '不低于', en: 'at least' },
  more_than: { zh: '高于', en: 'more than' },
  less_than: { zh: '低于', en: 'less than' },
};

/** at_most and less_than want the value low (PM2.5); at_least and more_than want it high (优良天数比率). */
export function lowerIsBetter(direction: Direction): boolean {
  return direction === 'at_most' || direction === 'less_than';
}

/** A strict direction is not met by a value equal to its target: 高于95% is not met at 95%. */
export function isStrict(direction: Direction): boolean {
  return direction === 'more_than' || direction === 'less_than';
}

/** Whether `value` meets `target` read in `direction`: ≤ ≥ > <. */
export function meetsTarget(direction: Direction, value: number, target: number): boolean {
  switch (direction) {
    case 'at_most':
      return value <= target;
    case 'at_least':
      return value >= target;
    case 'less_than':
      return value < target;
    case 'more_than':
      return value > target;
  }
}

/**
 * How far `value` is past `target` on the wrong side, 0 on the right side or on the target itself. A strict
 * target missed by being exactly on it has a shortfall of 0: `meetsTarget` says whether it is met, this says
 * by how much it is not.
 */
export function shortfall(direction: Direction, value: number, target: number): number {
  return Math.max(0, lowerIsBetter(direction) ? value - target : target - value);
}

/**
 * A target written as a change from a baseline (比上年下降5%), as each task holds it: the unit's baseline, the
 * change (−0.05) and the year the baseline is of. `target` = baseline × (1 + change), rounded (`relativeTarget`).
 */
export interface RelativeTarget {
  baseline: number;
  change: number;
  baselineYear?: number;
}

/** Decimals a relative target is rounded to: measured values are published with one or two. */
export const RELATIVE_DECIMALS = 2;

/**
 * baseline × (1 + change) to two decimals, rounded towards the demanding side (down when lower is better,
 * up otherwise), so that the rounding never makes a target easier than the plan wrote it: 24.5 × 0.95 =
 * 23.275 gives ≤ 23.27, not 23.28. The product is first cut to 9 significant decimals so that float noise
 * (31.2 × 0.95 = 29.639999…) does not round a whole step away.
 */
export function relativeTarget(direction: Direction, baseline: number, change: number): number {
  const scale = 10 ** RELATIVE_DECIMALS;
  const exact = Number((baseline * (1 + change) * scale).toFixed(9 - RELATIVE_DECIMALS));
  const rounded = (lowerIsBetter(direction) ? Math.floor(exact) : Math.ceil(exact)) / scale;
  // -0 would be written "-0" by some formatters.
  return rounded === 0 ? 0 : rounded;
}

/** 下降5% / 上升12.5%, and the English: the change as people write it. */
export function changeWords(change: number): { zh: string; en: string } {
  const percent = Number((Math.abs(change) * 100).toFixed(6));
  if (change === 0) return { zh: '持平', en: 'unchanged' };
  return change < 0 ? { zh: `下降${percent}%`, en: `${percent}% lower` } : { zh: `上升${percent}%`, en: `${percent}% higher` };
}

/** 较2023年下降5%，基准值31.2: the change and the baseline, as a clause. Without a year: 较基准值下降5%. */
export function relativeClause(relative: RelativeTarget, unitOfMeasure = ''): { zh: string; en: string } {
  const change = changeWords(relative.change);
  const since =
    relative.baselineYear === undefined
      ? { zh: '较基准值', en: 'than the baseline' }
      : { zh: `较${relative.baselineYear}年`, en: `than in ${relative.baselineYear}` };
  return {
    zh: `${since.zh}${change.zh}，基准值${relative.baseline}${unitOfMeasure}`,
    en: `${change.en} ${since.en}, baseline ${relative.baseline}${unitOfMeasure}`,
  };
}

/** 较2023年下降5%（基准值31.2，目标值29.64）: how documents and screens write a task's relative target. */
export function relativeWords(relative: RelativeTarget, target: number, unitOfMeasure = ''): { zh: string; en: string } {
  const change = changeWords(relative.change);
  const since = relative.baselineYear === undefined ? { zh: '较基准值', en: 'than the baseline' } : { zh: `较${relative.baselineYear}年`, en: `than in ${relative.baselineYear}` };
  return {
    zh: `${since.zh}${change.zh}（基准值${relative.baseline}${unitOfMeasure}，目标值${target}${unitOfMeasure}）`,
    en: `${change.en} ${since.en} (baseline ${relative.baseline}${unitOfMeasure}, target ${target}${unitOfMeasure})`,
  };
}

/**
 * A floor (完成150个以上) met with more: the excess over the target, 0 when not over it. The completion of a
 * floor is still capped at 1; the excess is reported, never scored.
 */
export function excessOver(target: number | null, done: number | undefined): number {
  if (target === null || done === undefined) return 0;
  return Math.max(0, done - target);
}

/** 完成168个（目标150个以上，超额18个）. */
export function floorWords(done: number, target: number, unitOfMeasure = ''): { zh: string; en: string } {
  const excess = excessOver(target, done);
  const over = excess > 0 ? { zh: `，超额${excess}${unitOfMeasure}`, en: `, ${excess}${unitOfMeasure} over` } : { zh: '', en: '' };
  return {
    zh: `完成${done}${unitOfMeasure}（目标${target}${unitOfMeasure}以上${over.zh}）`,
    en: `${done}${unitOfMeasure} done (target ${target}${unitOfMeasure} or more${over.en})`,
  };
}

/** A task's target in a line of text: ≤29.64, >95, 150以上, 10; `-` for none (an action). */
export function targetText(task: { target: number | null; direction?: Direction; atLeast?: true }): string {
  if (task.target === null) return '-';
  if (task.direction) return `${directionSigns[task.direction]}${task.target}`;
  return task.atLeast ? `${task.target}以上` : String(task.target);
}
