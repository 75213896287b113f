import { calendarForYears, shippedYears } from '../../domain/calendars.js';
import { AssessmentRules, defaultAssessmentRules } from '../../domain/assessment/rules.js';
import type { UnitScore } from '../../domain/assessment/types.js';
import { NotFound } from '../../domain/errors.js';
import type { Plan, Unit } from '../../domain/plan.js';
import { readAssessmentInputs, type AssessmentInputs } from '../../store/assessment-inputs.js';
import { listYearPlans } from '../../store/assessment-reads.js';
import { getRun, type AssessmentRun } from '../../store/assessment-runs.js';
import { loadPlan } from '../../store/plans-repo.js';

/*
 * What the steps of a run share: its item, and the year's inputs and rules, read once per container and run.
 */

/** A plan's time zone when it names none (the plan schema's default). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export async function requireRun(year: number, runId: string): Promise<AssessmentRun> {
  const run = await getRun(year, runId);
  if (!run) throw new NotFound(`no assessment run ${runId} of ${year}`, `没有 ${year} 年度的考核运行 ${runId}`);
  return run;
}

/** What every unit of a run is scored with: the year's inputs and rules, read once per container and run. */
export interface RunContext {
  inputs: AssessmentInputs;
  /** A task's rules: its plan's, or the run's override. */
  rulesOfPlan: (planId: string) => AssessmentRules;
  /** Per unit (points, grades, tieBreak, bonusCap, appealDays): the year's first plan's by id, or the override. */
  unitRules: AssessmentRules;
  timezoneOf: (planId: string) => string;
  /** The year's first plan's time zone: the publication day is its date. */
  timezone: string;
  /** A unit as the plans of its tasks name it (name, kind). */
  unitOf: (unitId: string, taskPlanIds: readonly string[]) => Pick<UnitScore, 'unitId' | 'unitName' | 'unitKind'>;
  /** Per unit, the goals it co-operates on (配合单位) in plans whose rules give co-units credit: only these are read for it. */
  coGoals: ReadonlyMap<string, { planId: string; goalId: string }[]>;
}

let cached: { key: string; context: Promise<RunContext> } | undefined;

export function runContext(year: number, runId: string): Promise<RunContext> {
  const key = `${year}#${runId}`;
  if (cached?.key !== key) {
    const context = loadRunContext(year, runId);
    cached = { key, context };
    // A failed read is not kept: the retried step reads again.
    context.catch(() => {
      if (cached?.context === context) cached = undefined;
    });
  }
  return cached.context;
}

async function loadRunContext(year: number, runId: string): Promise<RunContext> {
  const [run, inputs, summaries] = await Promise.all([requireRun(year, runId), readAssessmentInputs(year), listYearPlans(year)]);
  const plans: Plan[] = [];
  for (const { planId } of summaries) {
    const stored = await loadPlan(planId);
    if (stored) plans.push(stored.plan);
  }
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const override = run.rules ? AssessmentRules.parse(run.rules) : undefined;
  const first = override ?? plans[0]?.assessment ?? defaultAssessmentRules;
  const rulesOfPlan = (planId: string) => override ?? byId.get(planId)?.assessment ?? first;

  const coGoals = new Map<string, { planId: string; goalId: string }[]>();
  for (const plan of plans) {
    if (rulesOfPlan(plan.id).coUnitShare === 0) continue;
    for (const goal of plan.goals)
      for (const unitId of goal.coUnits ?? []) coGoals.set(unitId, [...(coGoals.get(unitId) ?? []), { planId: plan.id, goalId: goal.id }]);
  }
  return {
    inputs,
    rulesOfPlan,
    unitRules: first,
    timezoneOf: (planId) => byId.get(planId)?.timezone ?? DEFAULT_TIME_ZONE,
    timezone: plans[0]?.timezone ?? DEFAULT_TIME_ZONE,
    unitOf: unitFinder(plans),
    coGoals,
  };
}

/**
 * A unit as its own plan names it: the first (by id) of the plans its tasks are in that lists it, else the
 * first of the year's plans that does. Two plans of a year may give one unit id different names.
 */
function unitFinder(plans: readonly Plan[]): RunContext['unitOf'] {
  const units = new Map(plans.map((plan) => [plan.id, new Map(plan.units.map((unit) => [unit.id, unit]))]));
  const yearPlanIds = plans.map((plan) => plan.id);
  return (unitId, taskPlanIds) => {
    const planId = [...[...taskPlanIds].sort(), ...yearPlanIds].find((id) => units.get(id)?.has(unitId));
    const unit: Unit | undefined = planId === undefined ? undefined : units.get(planId)!.get(unitId);
    // Every task's unit is one of its plan's (the breakdown makes them so): the fallback names an orphan by id.
    return { unitId, unitName: unit?.name ?? unitId, unitKind: unit?.kind ?? 'department' };
  };
}

/**
 * Every shipped working-day calendar from `year` on: a task's lateness counts working days up to its
 * close-out request, which may fall in a later year (a late task; a year simulated after the fact), and a
 * publication's appeal days may run into the next year.
 */
export function calendarFrom(year: number) {
  return calendarForYears(shippedYears.filter((shipped) => shipped >= year));
}
