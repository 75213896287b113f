import { primaryLead } from './leads.js';
import type { Goal, Plan } from './plan.js';
import type { Problem } from './problem.js';
import { resolveUnitSet } from './unit-sets.js';
import { problem } from './zod-problems.js';

/*
 * The rules of an indicator's target (plan-rules.ts runs them on every goal that parsed): a target or a
 * relative one (比上年下降5%), never both, and a relative target that can be computed for every unit the goal
 * is allocated to. The schema already holds the change inside (−1, MAX_RELATIVE_CHANGE].
 */

export interface TargetContext {
  year: number | undefined;
  units: Plan['units'];
  /** Every unit id written, even of a unit that is broken otherwise. */
  names: ReadonlyMap<string, string>;
}

const LISTED = 10;

export function targetProblems(goal: Goal, at: readonly PropertyKey[], context: TargetContext): Problem[] {
  if (goal.kind !== 'indicator') return [];
  if (goal.target === undefined && goal.relative === undefined)
    return [
      problem(
        [...at, 'target'],
        'target_required',
        'an indicator needs a target, or a relative target (relative: { change, baseline })',
        '指标类目标必须填写目标值，或填写相对目标（relative：变化与基准值）',
      ),
    ];
  if (goal.relative === undefined) return [];
  if (goal.target !== undefined)
    return [
      problem(
        [...at, 'relative'],
        'target_and_relative',
        'give either target or relative, not both: a relative target is computed from the baselines',
        '目标值与相对目标只能填一个：相对目标由基准值计算',
      ),
    ];
  return [...relativeAllocationProblems(goal, at), ...baselineProblems(goal, at, context)];
}

type IndicatorGoal = Extract<Goal, { kind: 'indicator' }>;

/** Quotas and overrides are targets themselves; with a relative target the baselines say what differs per unit. */
function relativeAllocationProblems(goal: IndicatorGoal, at: readonly PropertyKey[]): Problem[] {
  const allocation = goal.allocation;
  if (allocation.method === 'quota')
    return [
      problem(
        [...at, 'allocation', 'method'],
        'relative_method',
        'a relative target is allocated by "each" or "lead"; quotas would replace it (give each unit its baseline in relative.baselines)',
        '相对目标只能用 each 或 lead 分解；配额会取代它（各单位基准值请填在 relative.baselines）',
      ),
    ];
  if (allocation.method === 'each' && allocation.overrides !== undefined)
    return [
      problem(
        [...at, 'allocation', 'overrides'],
        'relative_overrides',
        'overrides do not go with a relative target: give a unit its own baseline in relative.baselines',
        '相对目标不能使用调整值：单位的不同基准值请填在 relative.baselines',
      ),
    ];
  return [];
}

function baselineProblems(goal: IndicatorGoal, at: readonly PropertyKey[], context: TargetContext): Problem[] {
  const relative = goal.relative!;
  const path = [...at, 'relative'];
  const found: Problem[] = [];
  if (context.year !== undefined && relative.baselineYear !== undefined && relative.baselineYear >= context.year)
    found.push(
      problem(
        [...path, 'baselineYear'],
        'baseline_year',
        `${relative.baselineYear} is not before the plan year ${context.year}`,
        `基准年 ${relative.baselineYear} 不早于计划年度 ${context.year} 年`,
      ),
    );
  for (const id of Object.keys(relative.baselines ?? {}))
    if (!context.names.has(id))
      found.push(problem([...path, 'baselines', id], 'unknown_unit', `"${id}" is not a unit of the plan`, `"${id}" 不是本计划中的单位`));

  const allocated = allocatedUnitIds(goal, context);
  const missing = allocated.filter((id) => relative.baselines?.[id] === undefined && relative.baseline === undefined);
  if (missing.length > 0) {
    const list = missing.length > LISTED ? [...missing.slice(0, LISTED), `… ${missing.length - LISTED} more`] : missing;
    found.push(
      problem(
        path,
        'missing_baseline',
        `no baseline for ${list.join(', ')}: give relative.baseline for all, or theirs in relative.baselines`,
        `以下单位缺少基准值：${list.join('、')}；请填写 relative.baseline（统一基准值）或在 relative.baselines 中逐一填写`,
      ),
    );
  }
  const inSet = new Set(allocated);
  const parsed = new Set(context.units.map((unit) => unit.id));
  for (const id of Object.keys(relative.baselines ?? {}))
    if (parsed.has(id) && !inSet.has(id))
      found.push(
        problem(
          [...path, 'baselines', id],
          'baseline_not_in_set',
          `"${id}" gets no task of this goal, so its baseline is never used`,
          `"${id}" 不承担本目标任务，其基准值不会被使用`,
        ),
      );
  return found;
}

/** The units the goal's tasks go to: the allocation's unit set, or the primary lead. */
function allocatedUnitIds(goal: IndicatorGoal, context: TargetContext): string[] {
  const allocation = goal.allocation;
  if (allocation.method === 'lead') return [primaryLead(goal)];
  if (allocation.method === 'each') return resolveUnitSet(context, allocation.units).map((unit) => unit.id);
  return [];
}

