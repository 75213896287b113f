import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type PlanSummary, type Task } from '../api/client';
import type { components } from '../api/schema';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

export type Adjustment = components['schemas']['Adjustment'];
export type AdjustmentInput = Pick<Adjustment, 'unitId' | 'kind' | 'points' | 'reason'>;

/** An indicator task of the year with its unit's name and the actual value saved for it (null: none yet). */
export interface IndicatorRow {
  task: Task;
  unitName: string;
  actual: number | null;
}

/** A unit of the year's plans, for the bonus and veto form. */
export interface YearUnit {
  id: string;
  name: string;
}

const PAGE_SIZE = 200;

/**
 * What the bureau feeds the year's assessment: the indicator tasks of the year's plans (GET /plans/{id},
 * its indicator goals' tasks) with the actual values saved (GET/PUT /assessments/{year}/actuals), and the
 * bonuses and vetoes with their reasons (GET/POST /assessments/{year}/adjustments).
 */
export function useAssessmentInputs() {
  const plans = shallowRef<PlanSummary[] | null>(null);
  const rows = shallowRef<IndicatorRow[]>([]);
  const units = shallowRef<YearUnit[]>([]);
  const adjustments = shallowRef<Adjustment[]>([]);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const savingActuals = useSubmission();
  const adjusting = useSubmission();
  let latestRequest = 0;

  /** The plans, newest year first: the years to assess. */
  async function loadPlans(): Promise<void> {
    try {
      plans.value = [...unwrap(await api.GET('/plans')).items].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'zh-CN'));
    } catch (error) {
      plans.value = [];
      failure.value = asFailure(error);
    }
  }

  async function load(year: number, planIds: readonly string[]): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    failure.value = null;
    try {
      const path = { year: String(year) };
      const [plans, actuals, adjusted] = await Promise.all([
        Promise.all(planIds.map(readIndicatorTasks)),
        api.GET('/assessments/{year}/actuals', { params: { path } }).then(unwrap),
        api.GET('/assessments/{year}/adjustments', { params: { path } }).then(unwrap),
      ]);
      if (request !== latestRequest) return;
      const saved = new Map(actuals.items.map((actual) => [actual.taskId, actual.value]));
      rows.value = plans.flatMap((plan) => plan.tasks.map((task) => ({ task, unitName: plan.names.get(task.unitId) ?? task.unitId, actual: saved.get(task.id) ?? null })));
      // A unit two plans of the year name differently goes by the first plan's name, as the assessment does.
      const named = new Map<string, string>();
      for (const [id, name] of plans.flatMap((plan) => [...plan.names])) if (!named.has(id)) named.set(id, name);
      units.value = [...named].map(([id, name]) => ({ id, name }));
      adjustments.value = adjusted.items;
    } catch (error) {
      if (request === latestRequest) failure.value = asFailure(error);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** Saves the values given (every row checked by the API before any is saved); the table shows them as saved. */
  async function saveActuals(year: number, values: ReadonlyMap<string, number>): Promise<number | undefined> {
    const actuals = [...values].map(([taskId, value]) => ({ taskId, value }));
    const saved = await savingActuals.run(async () => unwrap(await api.PUT('/assessments/{year}/actuals', { params: { path: { year: String(year) } }, body: { actuals } })));
    if (!saved) return undefined;
    rows.value = rows.value.map((row) => (values.has(row.task.id) ? { ...row, actual: values.get(row.task.id)! } : row));
    return saved.saved;
  }

  async function addAdjustment(year: number, input: AdjustmentInput): Promise<Adjustment | undefined> {
    const recorded = await adjusting.run(async (idempotencyKey) =>
      unwrap(
        await api.POST('/assessments/{year}/adjustments', {
          params: { path: { year: String(year) }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { unitId: input.unitId, kind: input.kind, reason: input.reason, ...(input.kind === 'bonus' ? { points: input.points } : {}) },
        }),
      ),
    );
    if (recorded) adjustments.value = [...adjustments.value, recorded];
    return recorded;
  }

  const unitName = (unitId: string) => units.value.find((unit) => unit.id === unitId)?.name ?? unitId;

  return { plans, rows, units, adjustments, loading, failure, savingActuals, adjusting, loadPlans, load, saveActuals, addAdjustment, unitName };
}

/** A plan's indicator tasks (not withdrawn), goal by goal in the plan's order, and its units' names. */
async function readIndicatorTasks(planId: string): Promise<{ tasks: Task[]; names: Map<string, string> }> {
  const [plan, unitPage] = await Promise.all([
    api.GET('/plans/{planId}', { params: { path: { planId } } }).then(unwrap),
    api.GET('/plans/{planId}/units', { params: { path: { planId } } }).then(unwrap),
  ]);
  const goals = plan.goals.filter((goal) => goal.kind === 'indicator');
  const perGoal = await Promise.all(goals.map((goal) => readTasks(planId, goal.id)));
  const names = new Map(unitPage.items.map((unit) => [unit.id, unit.name] as const));
  return { tasks: perGoal.flat().filter((task) => task.status !== 'withdrawn'), names };
}

async function readTasks(planId: string, goal: string): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await api.GET('/plans/{planId}/tasks', { params: { path: { planId }, query: { goal, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
    tasks.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return tasks;
}
