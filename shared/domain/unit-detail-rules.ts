import { goalLeads, primaryLead } from './leads.js';
import { milestoneProblems } from './milestone-rules.js';
import type { Goal, Unit } from './plan.js';
import type { Problem } from './problem.js';
import { resolveUnitSet } from './unit-sets.js';
import { problem, show } from './zod-problems.js';

/** What the rules of leads and per-unit detail need of the plan (plan-rules.ts's context). */
export interface DetailContext {
  year: number | undefined;
  /** Units that parsed: enough to resolve the allocation's unit set. */
  units: Unit[];
}

/** Joint leads name each unit once: a repeat would list the unit twice in documents and inboxes. */
export function leadProblems(goal: Pick<Goal, 'lead'>, at: readonly PropertyKey[]): Problem[] {
  const leads = goalLeads(goal);
  return leads.flatMap((lead, index) => {
    const first = leads.indexOf(lead);
    if (first === index) return [];
    return [
      problem(
        [...at, 'lead', index],
        'duplicate_lead',
        `${show(lead)} is already lead ${first + 1} of this goal`,
        `牵头单位 ${show(lead)} 与第 ${first + 1} 个牵头单位重复`,
      ),
    ];
  });
}

/**
 * 单位明细 (`allocation.details`) that the breakdown can honour: each key a unit the allocation gives a task,
 * an own deadline inside the plan year, own milestones only for a quantity and judged like a goal's against
 * the unit's deadline. Keys that are not units of the plan at all are reported with the other unknown units.
 */
export function unitDetailProblems(goal: Goal, at: readonly PropertyKey[], context: DetailContext): Problem[] {
  const details = goal.allocation.details ?? {};
  const allocated = allocatedUnitIds(goal, context);
  const parsed = new Set(context.units.map((unit) => unit.id));
  return Object.entries(details).flatMap(([unitId, detail]) => {
    const path = [...at, 'allocation', 'details', unitId];
    const found: Problem[] = [];
    if (parsed.has(unitId) && !allocated.has(unitId))
      found.push(
        problem(
          path,
          'detail_not_allocated',
          `${show(unitId)} gets no task of this goal (${allocationWords(goal)}): its detail would never be used`,
          `${show(unitId)} 在本目标的分解中没有任务（${allocationWordsZh(goal)}），其单位明细不会被使用`,
        ),
      );
    const deadline = detail.deadline ?? goal.deadline;
    if (detail.deadline !== undefined && context.year !== undefined && !detail.deadline.startsWith(`${context.year}-`))
      found.push(
        problem(
          [...path, 'deadline'],
          'deadline_outside_year',
          `${detail.deadline} is outside the plan year ${context.year}`,
          `${detail.deadline} 不在计划年度 ${context.year} 年内`,
        ),
      );
    if (detail.milestones !== undefined && goal.kind !== 'quantity')
      found.push(
        problem(
          [...path, 'milestones'],
          'not_applicable',
          `milestones are for quantity goals only; this goal is ${goal.kind === 'indicator' ? 'an indicator' : 'an action'}`,
          `序时进度只适用于数量类目标，本目标为${goal.kind === 'indicator' ? '指标' : '行动'}类`,
        ),
      );
    else found.push(...milestoneProblems({ milestones: detail.milestones, deadline }, [...path, 'milestones'], context.year));
    return found;
  });
}

/** The units the allocation names for a task (a quantity's zero share included: a plan may still fill it). */
function allocatedUnitIds(goal: Goal, context: DetailContext): Set<string> {
  const allocation = goal.allocation;
  switch (allocation.method) {
    case 'lead':
      return new Set([primaryLead(goal)]);
    case 'quota':
      return new Set(Object.keys(allocation.quotas));
    default:
      return new Set(resolveUnitSet(context, allocation.units).map((unit) => unit.id));
  }
}

function allocationWords(goal: Goal): string {
  return goal.allocation.method === 'lead' ? 'only the primary lead gets a task' : 'not in its units or quotas';
}

function allocationWordsZh(goal: Goal): string {
  return goal.allocation.method === 'lead' ? '只下达给第一个牵头单位' : '不在其单位范围或配额中';
}
