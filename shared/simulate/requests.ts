import type { SimStep } from './day.js';

/** A step as the API takes it: the task route's path after `/tasks/{taskId}`, the body, and whether the unit sends it. */
export interface StepRequest {
  path: '/updates' | '/closeout' | '/review' | '/close';
  body: Record<string, unknown>;
  byUnit: boolean;
}

/**
 * The request of a step taken on a simulated day: the unit reports (as of the day) and asks for close-out;
 * the bureau accepts and closes. Each names the day (`on`), as a report its as-of date, so the events say
 * which day of the simulated year they belong to, and the assessment dates close-outs by it rather than by
 * the day the simulation ran.
 */
export function requestOf(step: SimStep, day: string): StepRequest {
  switch (step.action) {
    case 'report':
      return { path: '/updates', body: { ...step.report }, byUnit: true };
    case 'request_closeout':
      return { path: '/closeout', body: { on: day }, byUnit: true };
    case 'accept':
      return { path: '/review', body: { decision: 'accept', on: day }, byUnit: false };
    case 'close':
      return { path: '/close', body: { on: day }, byUnit: false };
  }
}
