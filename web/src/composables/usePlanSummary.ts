import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type PlanProgressSummary, type PlanSummary } from '../api/client';
import { asFailure } from './failure';

/** The plan a desk page opens on when none is named: the latest year's, the most recently imported of that year. */
export function newestPlan(plans: readonly PlanSummary[]): PlanSummary | undefined {
  return [...plans].sort((a, b) => b.year - a.year || b.importedAt.localeCompare(a.importedAt))[0];
}

/**
 * The bureau's plans (GET /plans, for the chooser) and one plan's summary (GET /plans/{planId}/summary):
 * counts by light, status and escalation level per unit and per goal, O(units + goals) items read, never
 * every task. `asOf` and `today` say how fresh the figures are.
 */
export function usePlanSummary() {
  const plans = shallowRef<PlanSummary[]>([]);
  const summary = shallowRef<PlanProgressSummary | null>(null);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);

  async function loadPlans(): Promise<void> {
    const page = unwrap(await api.GET('/plans'));
    plans.value = [...page.items].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'zh-CN'));
  }

  async function loadSummary(planId: string): Promise<void> {
    summary.value = unwrap(await api.GET('/plans/{planId}/summary', { params: { path: { planId } } }));
  }

  /** Runs a read with the page's loading and failure states. */
  async function reading(read: () => Promise<void>): Promise<void> {
    loading.value = true;
    failure.value = null;
    try {
      await read();
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loading.value = false;
    }
  }

  return { plans, summary, loading, failure, loadPlans, loadSummary, reading };
}
