import { Goal, isoDate, Plan, slug, Unit } from './plan.js';
import type { AllocationMethod, GoalKind } from './plan.js';
import type { Problem, Result } from './problem.js';
import { describeSet, duplicateTags, tagsWritten, ungroupedKinds, unknownTags } from './unit-rules.js';
import { resolveUnitSet, withCanonicalUnitSets } from './unit-sets.js';
import { milestoneProblems } from './milestone-rules.js';
import { leadProblems, unitDetailProblems } from './unit-detail-rules.js';
import { cut, problem, problemsFromZodIssues, show } from './zod-problems.js';
import { problemPlace } from './problem-items.js';
import { targetProblems } from './target-rules.js';

export { formatPath } from './zod-problems.js';

/**
 * Which allocation method may split which kind of goal. Quantities can be divided; an indicator is a
 * value each unit must hold, so it is cascaded (`each`), set per unit (`quota`) or owned by the lead;
 * an action is done, not divided.
 */
export const methodsForKind: Record<GoalKind, readonly AllocationMethod[]> = {
  quantity: ['quota', 'even', 'proportional', 'each', 'lead'],
  indicator: ['each', 'quota', 'lead'],
  action: ['each', 'lead'],
};

/**
 * Checks a plan as read from a file or a request body and reports every problem at once: the
 * structure (zod) and the rules that relate fields to each other, run on whatever parts did parse.
 */
export function validatePlan(input: unknown): Result<Plan> {
  const parsed = Plan.safeParse(input);
  const problems = [
    ...(parsed.success ? [] : problemsFromZodIssues(parsed.error.issues, input, { schema: Plan })),
    ...crossFieldProblems(input),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems: inPathOrder(problems) };
  return { ok: true, value: withCanonicalUnitSets(parsed.data) };
}

/** One line for a person: `goals[3] (pm25).deadline: "2022-13-01" is not a date / "2022-13-01" 不是有效日期`. */
export function formatProblem(p: Problem): string {
  const text = `${p.message} / ${p.messageZh}`;
  return p.path ? `${problemPlace(p)}: ${text}` : text;
}

// One collator for the whole sort: `localeCompare` with options builds one per comparison, seconds for the
// 60,000 problems of a body of unknown keys.
const byPath = new Intl.Collator('en', { numeric: true }).compare;

function inPathOrder(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => byPath(a.path, b.path));
}

// ── rules across fields ─────────────────────────────────────────────────────────────────────────────

interface PlanContext {
  year: number | undefined;
  /** Units that parsed: enough to resolve unit sets and read bases. */
  units: Unit[];
  /** Every unit id written, even of a unit that is broken otherwise, so it is not reported as unknown. */
  names: Map<string, string>;
  /** Every tag written on a unit, for the same reason. */
  tags: ReadonlySet<unknown>;
}

function crossFieldProblems(input: unknown): Problem[] {
  const plan = isRecord(input) ? input : {};
  const rawUnits = Array.isArray(plan.units) ? plan.units : [];
  const rawGoals = Array.isArray(plan.goals) ? plan.goals : [];
  const year = Plan.shape.year.safeParse(plan.year);
  const context: PlanContext = {
    year: year.success ? year.data : undefined,
    units: rawUnits.flatMap((unit) => {
      const parsed = Unit.safeParse(unit);
      return parsed.success ? [parsed.data] : [];
    }),
    names: new Map(
      rawUnits.flatMap((unit) =>
        isRecord(unit) && typeof unit.id === 'string' ? [[unit.id, typeof unit.name === 'string' ? unit.name : '']] : [],
      ),
    ),
    tags: tagsWritten(rawUnits),
  };
  return [
    ...timezoneProblems(plan.timezone),
    ...duplicateIds('units', rawUnits),
    ...duplicateTags(rawUnits),
    ...duplicateIds('goals', rawGoals),
    ...rawGoals.flatMap((raw, index) => {
      const goal = Goal.safeParse(raw);
      return goal.success ? goalProblems(goal.data, index, context) : brokenGoalProblems(raw, index, context);
    }),
    ...unknownWeightedGoals(plan.assessment, rawGoals),
    ...ungroupedKinds(plan.assessment, context.units),
  ];
}

/** A weight for a goal the plan does not have is a typo that would silently leave that goal at weight 1. */
function unknownWeightedGoals(assessment: unknown, rawGoals: readonly unknown[]): Problem[] {
  const weights = isRecord(assessment) && isRecord(assessment.weights) ? assessment.weights : {};
  // Every goal id written counts, even of a goal that is broken otherwise.
  const goalIds = new Set(rawGoals.flatMap((goal) => (isRecord(goal) && typeof goal.id === 'string' ? [goal.id] : [])));
  return Object.keys(weights)
    .filter((id) => slug.safeParse(id).success && !goalIds.has(id))
    .map((id) =>
      problem(['assessment', 'weights', id], 'unknown_goal', `"${id}" is not a goal of the plan`, `"${id}" 不是本计划中的目标`),
    );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function timezoneProblems(timezone: unknown): Problem[] {
  if (typeof timezone !== 'string') return [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return [];
  } catch {
    return [problem(['timezone'], 'timezone', `${show(timezone)} is not a time zone`, `${show(timezone)} 不是有效时区`)];
  }
}

function duplicateIds(list: 'units' | 'goals', items: readonly unknown[]): Problem[] {
  const first = new Map<string, number>();
  return items.flatMap((item, index) => {
    if (!isRecord(item) || typeof item.id !== 'string') return [];
    const earlier = first.get(item.id);
    if (earlier === undefined) {
      first.set(item.id, index);
      return [];
    }
    const where = `${list}[${earlier}]`;
    return [
      problem(
        [list, index, 'id'],
        'duplicate_id',
        `${show(item.id)} is already the id of ${where}`,
        `编号 ${show(item.id)} 与 ${where} 重复`,
      ),
    ];
  });
}

function goalProblems(goal: Goal, index: number, context: PlanContext): Problem[] {
  const at = ['goals', index] as const;
  return [
    ...unknownUnits(goal, at, context),
    ...methodForKind(goal, at),
    ...deadlineInYear(goal, at, context),
    ...(goal.kind === 'quantity' ? milestoneProblems(goal, [...at, 'milestones'], context.year) : []),
    ...leadProblems(goal, at),
    ...unitDetailProblems(goal, at, context),
    ...quantityShareProblems(goal, at),
    ...unitSetProblems(goal, at, context),
    ...targetProblems(goal, at, context),
  ];
}

/**
 * A goal the schema rejected still gets the rules that need only its readable parts, so that a bad date
 * does not hide an unknown lead in the same goal. Values the schema already rejected are not judged twice.
 */
function brokenGoalProblems(raw: unknown, index: number, context: PlanContext): Problem[] {
  if (!isRecord(raw)) return [];
  const at = ['goals', index] as const;
  const deadline = isoDate.safeParse(raw.deadline);
  return [
    ...unknownUnits(raw, at, context),
    ...(deadline.success ? deadlineInYear({ deadline: deadline.data }, at, context) : []),
  ];
}

/** Unit ids a goal refers to, read defensively: the goal may be one the schema rejected. */
function unknownUnits(goal: Record<string, unknown> | Goal, at: readonly PropertyKey[], context: PlanContext): Problem[] {
  const allocation: Record<string, unknown> = isRecord(goal.allocation) ? goal.allocation : {};
  const listed = (value: unknown, path: PropertyKey[]): [PropertyKey[], unknown][] =>
    Array.isArray(value) ? value.map((id, i) => [[...path, i], id]) : [];
  const keyed = (value: unknown, path: PropertyKey[]): [PropertyKey[], unknown][] =>
    isRecord(value) ? Object.keys(value).map((id) => [[...path, id], id]) : [];
  const references: [PropertyKey[], unknown][] = [
    ...(Array.isArray(goal.lead) ? listed(goal.lead, [...at, 'lead']) : [[[...at, 'lead'], goal.lead] as [PropertyKey[], unknown]]),
    ...listed(goal.coUnits, [...at, 'coUnits']),
    ...listed(allocation.units, [...at, 'allocation', 'units']),
    ...keyed(allocation.quotas, [...at, 'allocation', 'quotas']),
    ...keyed(allocation.overrides, [...at, 'allocation', 'overrides']),
    ...keyed(allocation.details, [...at, 'allocation', 'details']),
  ];
  return references.flatMap(([path, id]) =>
    slug.safeParse(id).success && !context.names.has(id as string)
      ? [problem(path, 'unknown_unit', `"${id as string}" is not a unit of the plan`, `"${id as string}" 不是本计划中的单位`)]
      : [],
  );
}

function methodForKind(goal: Goal, at: readonly PropertyKey[]): Problem[] {
  const allowed = methodsForKind[goal.kind];
  const method = goal.allocation.method;
  if (allowed.includes(method)) return [];
  return [
    problem(
      [...at, 'allocation', 'method'],
      'method_for_kind',
      `a ${goal.kind} goal cannot be split by "${method}"; use ${allowed.join(', ')}`,
      `${kindZh[goal.kind]}类目标不能用 "${method}" 分解，可用：${allowed.join('、')}`,
    ),
  ];
}

const kindZh: Record<GoalKind, string> = { quantity: '数量', indicator: '指标', action: '行动' };

function deadlineInYear(goal: Pick<Goal, 'deadline'>, at: readonly PropertyKey[], context: PlanContext): Problem[] {
  if (context.year === undefined || goal.deadline.startsWith(`${context.year}-`)) return [];
  return [
    problem(
      [...at, 'deadline'],
      'deadline_outside_year',
      `${goal.deadline} is outside the plan year ${context.year}`,
      `${goal.deadline} 不在计划年度 ${context.year} 年内`,
    ),
  ];
}

/** A quantity's shares are whole units of work: quotas that add up to the target, whole overrides. */
function quantityShareProblems(goal: Goal, at: readonly PropertyKey[]): Problem[] {
  if (goal.kind !== 'quantity') return [];
  const allocation = goal.allocation;
  if (allocation.method === 'each')
    return Object.entries(allocation.overrides ?? {}).flatMap(([id, value]) =>
      wholeShare([...at, 'allocation', 'overrides', id], value),
    );
  if (allocation.method !== 'quota') return [];
  const quotas = Object.entries(allocation.quotas);
  const fractional = quotas.flatMap(([id, quota]) => wholeShare([...at, 'allocation', 'quotas', id], quota));
  const sum = quotas.reduce((total, [, quota]) => total + quota, 0);
  if (fractional.length > 0 || sum === goal.target) return fractional;
  return [
    problem(
      [...at, 'allocation', 'quotas'],
      'shares_sum',
      `the quotas sum to ${sum} but the target is ${goal.target}`,
      `配额合计 ${sum}，与目标值 ${goal.target} 不一致`,
    ),
  ];
}

function wholeShare(path: PropertyKey[], value: number): Problem[] {
  if (Number.isInteger(value) && value >= 0) return [];
  return [problem(path, 'integer', `${value} is not a whole number ≥ 0`, `${value} 不是非负整数`)];
}

function unitSetProblems(goal: Goal, at: readonly PropertyKey[], context: PlanContext): Problem[] {
  const allocation = goal.allocation;
  if (!('units' in allocation)) return [];
  const units = resolveUnitSet(context, allocation.units);
  const tags = unknownTags(allocation.units, [...at, 'allocation', 'units'], context.tags);
  if (units.length === 0) {
    // A list of ids that are all unknown is already reported unit by unit, an unknown tag by itself.
    if (Array.isArray(allocation.units) || tags.length > 0) return tags;
    return [
      problem(
        [...at, 'allocation', 'units'],
        'empty_unit_set',
        `the unit set "${describeSet(allocation.units, 'en')}" contains no unit`,
        `单位范围 "${describeSet(allocation.units, 'zh')}" 中没有任何单位`,
      ),
    ];
  }
  if (tags.length > 0) return tags;
  if (allocation.method === 'proportional') return baseProblems(allocation.base, units, at);
  if (allocation.method === 'each') {
    const inSet = new Set(units.map((u) => u.id));
    // Only units that parsed can be placed in or out of the set; others have problems of their own.
    const parsed = new Set(context.units.map((u) => u.id));
    return Object.keys(allocation.overrides ?? {})
      .filter((id) => parsed.has(id) && !inSet.has(id))
      .map((id) =>
        problem(
          [...at, 'allocation', 'overrides', id],
          'override_not_in_set',
          `${unitLabel(id, context)} is not in the unit set of this goal`,
          `${unitLabel(id, context)} 不在本目标的单位范围内`,
        ),
      );
  }
  return [];
}

function baseProblems(base: string, units: readonly Unit[], at: readonly PropertyKey[]): Problem[] {
  const path = [...at, 'allocation', 'base'];
  const missing = units.filter((u) => u.bases?.[base] === undefined);
  if (missing.length > 0) {
    const names = missing.slice(0, 10).map((u) => `${u.name} (${u.id})`);
    const list = missing.length > 10 ? [...names, `… ${missing.length - 10} more`] : names;
    return [
      problem(
        path,
        'missing_base',
        `no base "${base}" for ${list.join(', ')}`,
        `以下单位缺少分解基数 "${base}"：${list.join('、')}`,
      ),
    ];
  }
  if (units.every((u) => u.bases?.[base] === 0))
    return [
      problem(path, 'missing_base', `base "${base}" is 0 for every unit: nothing to split by`, `所有单位的分解基数 "${base}" 均为 0，无法按比例分解`),
    ];
  return [];
}

function unitLabel(id: string, context: PlanContext): string {
  const name = context.names.get(id);
  // The name as written, which may be anything (its own problem says so): cut like any echoed value.
  return name ? `"${id}" (${cut(name)})` : `"${id}"`;
}
