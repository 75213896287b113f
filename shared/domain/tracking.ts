/**
 * How a plan's tasks are followed up (the plan's `tracking`): review levels before closing, and how far
 * a task may lag before its light turns yellow. Apart from the plan schema, so that reading a stored
 * plan's settings does not build the schema at load.
 */
export interface Tracking {
  reviewLevels: 1 | 2;
  margin: number;
}

/** The settings of a plan that leaves `tracking` (or part of it) out. */
export const defaultTracking: Readonly<Tracking> = { reviewLevels: 2, margin: 0.1 };
