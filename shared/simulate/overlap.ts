import { actorsOf, stepFor } from '../domain/lifecycle.js';
import type { Task } from '../domain/task.js';
import { checkDateOf, type CheckTracking } from '../store/check-dates.js';
import type { SimStep } from './day.js';

/*
 * Which of a day's task steps may run while the previous working day's chase is still running, without
 * changing what that chase sees. The chase of day D reads only the tasks whose check date (their key on
 * the chase's index, `checkDateOf`, the function every write keys them with) is on or before D, and
 * writes only to those. A task whose check date is after D (or that is off the index) before, between and
 * after its steps is never read by that chase, whenever the steps land: running them alongside it gives
 * the same data as running them after it. Every other task waits for the chase.
 */

const unitActions: readonly SimStep['action'][] = ['report', 'request_closeout'];

/** Whether the chase of `chaseDay` never reads the task, in its state now and after each of the steps. */
export function unseenByChase(task: Task, steps: readonly SimStep[], chaseDay: string, tracking: CheckTracking & { reviewLevels: 1 | 2 }): boolean {
  let state = task;
  const unseen = (current: Task) => {
    const checkDate = checkDateOf(current, tracking);
    return checkDate === null || checkDate > chaseDay;
  };
  if (!unseen(state)) return false;
  for (const step of steps) {
    const principal = unitActions.includes(step.action) ? { role: 'unit' as const, unitId: task.unitId } : { role: 'admin' as const };
    const { to } = stepFor(state, step.action, actorsOf(principal, state), tracking.reviewLevels);
    state = {
      ...state,
      status: to,
      ...(step.action === 'report' ? { progress: { ...step.report, reportedBy: task.unitId, reportedAt: state.updatedAt } } : {}),
    };
    if (!unseen(state)) return false;
  }
  return true;
}
