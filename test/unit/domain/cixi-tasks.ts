import { readFileSync } from 'node:fs';
import { allocateGoal } from '../../../shared/domain/allocation.js';
import { primaryLead } from '../../../shared/domain/leads.js';
import { milestonesFor } from '../../../shared/domain/milestones.js';
import type { Plan } from '../../../shared/domain/plan.js';
import { taskId, type Task } from '../../../shared/domain/task.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';

/** samples/cixi-2022.yaml, parsed once: the facts (units, goals, dates) lifecycle and light tests use. */
export const cixi: Plan = (() => {
  const result = parsePlanText(readFileSync(new URL('../../../samples/cixi-2022.yaml', import.meta.url), 'utf8'), 'yaml');
  if (!result.ok) throw new Error('samples/cixi-2022.yaml does not validate');
  return result.value;
})();

/** The task the breakdown gives `unitId` for `goalId` of the Cixi sample, freshly assigned, with changes. */
export function cixiTask(goalId: string, unitId: string, changes: Partial<Task> = {}): Task {
  const goal = cixi.goals.find((g) => g.id === goalId);
  if (!goal) throw new Error(`no goal ${goalId} in cixi-2022`);
  const allocation = allocateGoal(cixi, goal).find((a) => a.unitId === unitId);
  if (!allocation) throw new Error(`${goalId} gives ${unitId} no task`);
  return {
    id: taskId(cixi.id, goal.id, unitId),
    planId: cixi.id,
    goalId: goal.id,
    unitId,
    year: cixi.year,
    kind: goal.kind,
    title: goal.title,
    target: allocation.target,
    ...(goal.kind === 'indicator' ? { direction: goal.direction } : {}),
    ...(goal.kind === 'action' ? {} : { unitOfMeasure: goal.unitOfMeasure }),
    deadline: goal.deadline,
    milestones: milestonesFor(cixi, goal),
    lead: primaryLead(goal),
    coUnits: goal.coUnits ?? [],
    status: 'assigned',
    progress: null,
    version: 1,
    planRevision: 1,
    createdAt: '2022-01-05T01:00:00.000Z',
    updatedAt: '2022-01-05T01:00:00.000Z',
    ...changes,
  };
}
