import type { Clock } from '../clock/clock.js';
import { Conflict, InvalidInput, NotFound } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import { formatProblem, validatePlan } from '../domain/plan-rules.js';
import type { BreakdownError, TaskCounts, TaskTotals } from './breakdown-items.js';
import { finishBreakdown, recordGoalResult } from './breakdowns-repo.js';
import { syncGoalTasks } from './goal-tasks.js';
import { rebuildPlanSummaryIfNeeded } from './plan-summary.js';
import { getPlanSummary, loadPlan } from './plans-repo.js';

/**
 * The steps of the breakdown state machine (docs/architecture.md), one function per Task state; the
 * handlers in workflows/breakdown/tasks only parse their input and call these.
 */

/** What every state of a run carries along. */
export interface RunInput {
  planId: string;
  revision: number;
  executionId: string;
  startedAt: string;
}

export interface GoalCounts extends TaskCounts {
  goalId: string;
}

/** ValidatePlan: the plan is still at the revision the run started on, and still keeps its rules. */
export async function validateRunPlan(input: RunInput): Promise<RunInput & { goalIds: string[] }> {
  const plan = await planOfRun(input);
  const checked = validatePlan(plan);
  if (!checked.ok) {
    const problems = summary(checked.problems.map(formatProblem));
    throw new InvalidInput(checked.problems, `plan ${input.planId} breaks its rules: ${problems}`, `计划 ${input.planId} 不符合规则：${problems}`);
  }
  const { planId, revision, executionId, startedAt } = input;
  return { planId, revision, executionId, startedAt, goalIds: checked.value.goals.map((goal) => goal.id) };
}

/** WriteGoalTasks: one goal's tasks brought in line with the plan, and the goal's result recorded. */
export async function writeGoalTasks(input: RunInput & { goalId: string }, clock: Clock): Promise<GoalCounts> {
  const plan = await planOfRunCached(input);
  const goal = plan.goals.find((candidate) => candidate.id === input.goalId);
  if (!goal) throw new NotFound(`plan ${input.planId} has no goal ${input.goalId}`, `计划 ${input.planId} 中没有目标 ${input.goalId}`);
  const result = await syncGoalTasks({ plan, revision: input.revision, goal, executionId: input.executionId }, clock);
  await recordGoalResult(input.planId, input.executionId, result, clock);
  const { goalId, created, updated, unchanged, withdrawn } = result;
  return { goalId, created, updated, unchanged, withdrawn };
}

export interface FinishedRun extends RunInput {
  tasks: TaskTotals;
  /** Whether any unit has something new to hear about: the state machine notifies only then. */
  changed: boolean;
}

/** FinishBreakdown: the goals' counts summed, the run recorded SUCCEEDED and the plan's lock released. */
export async function finishRun(input: RunInput & { goalResults: readonly GoalCounts[] }, clock: Clock): Promise<FinishedRun> {
  const sum = (name: keyof TaskCounts) => input.goalResults.reduce((total, goal) => total + goal[name], 0);
  const counts = { created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged'), withdrawn: sum('withdrawn') };
  const tasks = { ...counts, total: counts.created + counts.updated + counts.unchanged };
  // Before the lock goes: until then readers of the summary know its rows do not count this run yet.
  await rebuildPlanSummaryIfNeeded(input.planId, clock);
  await finishBreakdown(input.planId, input.executionId, { status: 'SUCCEEDED', tasks }, clock);
  const { planId, revision, executionId, startedAt } = input;
  return { planId, revision, executionId, startedAt, tasks, changed: counts.created + counts.updated + counts.withdrawn > 0 };
}

/** RecordFailure: the run recorded FAILED with the error that ended it, and the lock released. */
export async function recordRunFailure(input: { planId: string; executionId: string; error: BreakdownError }, clock: Clock): Promise<void> {
  // The goals written before the failure are counted; should this fail too, the summary stays marked stale
  // and its next reader rebuilds it.
  await rebuildPlanSummaryIfNeeded(input.planId, clock).catch(() => undefined);
  await finishBreakdown(input.planId, input.executionId, { status: 'FAILED', error: input.error }, clock);
}

/** The first few problems, so the error stays well inside what Step Functions keeps of a cause. */
function summary(problems: string[], shown = 10): string {
  const more = problems.length - shown;
  return problems.slice(0, shown).join('; ') + (more > 0 ? `; … ${more} more / 另有 ${more} 项` : '');
}

/**
 * Plans as last loaded by this container, by id. A run's goals all need the same plan (every unit, for
 * allocation); loading it once per revision instead of once per goal keeps a province-scale breakdown
 * from reading the plan a hundred times.
 */
const loadedPlans = new Map<string, { revision: number; plan: Plan }>();

/** planOfRun, from the container's copy when the stored plan is still at the run's revision (one GetItem). */
async function planOfRunCached(input: RunInput): Promise<Plan> {
  const loaded = loadedPlans.get(input.planId);
  if (loaded?.revision === input.revision && (await getPlanSummary(input.planId))?.revision === input.revision) return loaded.plan;
  const plan = await planOfRun(input);
  loadedPlans.set(input.planId, { revision: input.revision, plan });
  return plan;
}

/** The plan at the run's revision: a plan re-imported since the run started must not be half applied. */
async function planOfRun({ planId, revision }: RunInput): Promise<Plan> {
  const stored = await loadPlan(planId);
  if (!stored) throw new NotFound(`plan ${planId} does not exist`, `计划 ${planId} 不存在`);
  if (stored.revision !== revision) {
    throw new Conflict(
      `plan ${planId} changed since the breakdown started (revision ${revision}, now ${stored.revision}): start a new breakdown`,
      `任务分解开始后计划 ${planId} 已被修改（第 ${revision} 版，现为第 ${stored.revision} 版），请重新发起分解`,
    );
  }
  return stored.plan;
}
