/**
 * How a plan's tasks are followed up (the plan's `tracking`): review levels before closing, how far
 * a task may lag before its light turns yellow, and the escalation ladder of the chase. Apart from the
 * plan schema, so that reading a stored plan's settings does not build the schema at load.
 */
export interface Tracking {
  reviewLevels: 1 | 2;
  margin: number;
  ladder: Ladder;
}

/**
 * The escalation ladder (升级阶梯), in working days. `remindBefore`: 提醒 this many working days before
 * the deadline (a task within it counts as due soon); the others count from the day lateness began
 * (overdue or behind): 催办 at `urge`, 督办 at `supervise`, 通报 at `notice`, 约谈 at `summon`.
 */
export interface Ladder {
  remindBefore: number;
  urge: number;
  supervise: number;
  notice: number;
  summon: number;
}

/** The steps after lateness began, lowest first: each must be more than the one before. */
export const ladderSteps = ['urge', 'supervise', 'notice', 'summon'] as const;

/** The longest a step may be: about a year of working days. */
export const MAX_LADDER_DAYS = 250;

export const defaultLadder: Readonly<Ladder> = Object.freeze({ remindBefore: 5, urge: 1, supervise: 5, notice: 10, summon: 20 });

/**
 * The settings of a plan that leaves `tracking` (or part of it) out. A plan stored before the ladder
 * existed reads back with `defaultLadder` (shared/store/plan-items.ts merges these over what it stored).
 */
export const defaultTracking: Readonly<Tracking> = Object.freeze({ reviewLevels: 2, margin: 0.1, ladder: defaultLadder });
