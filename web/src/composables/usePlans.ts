import { ref, shallowRef } from 'vue';
import type { Plan } from '../../../shared/domain/plan';
import { api, unwrap, type ApiFailure, type PlanRevision, type PlanSummary, type SavedPlan } from '../api/client';
import type { components } from '../api/schema';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

/**
 * The bureau's plans (GET /plans), the chosen one's revisions with what each changed
 * (GET /plans/{planId}/revisions), and an import (POST /plans, the plan as JSON: the API checks it again).
 */
export function usePlans() {
  const plans = shallowRef<PlanSummary[]>([]);
  const planId = ref<string | null>(null);
  const revisions = shallowRef<PlanRevision[]>([]);
  const olderRevisions = ref(0);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const importing = useSubmission();

  async function load(): Promise<void> {
    loading.value = true;
    failure.value = null;
    try {
      const page = unwrap(await api.GET('/plans'));
      plans.value = [...page.items].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'zh-CN'));
      if (planId.value === null || !plans.value.some((plan) => plan.planId === planId.value)) planId.value = plans.value[0]?.planId ?? null;
      await loadRevisions();
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loading.value = false;
    }
  }

  async function loadRevisions(): Promise<void> {
    if (planId.value === null) {
      revisions.value = [];
      return;
    }
    const list = unwrap(await api.GET('/plans/{planId}/revisions', { params: { path: { planId: planId.value } } }));
    revisions.value = list.items;
    olderRevisions.value = list.older;
  }

  async function choosePlan(id: string): Promise<void> {
    planId.value = id;
    try {
      await loadRevisions();
    } catch (error) {
      failure.value = asFailure(error);
    }
  }

  /** Imports the plan and shows it: the list and its revisions read again. */
  async function importPlan(plan: Plan): Promise<SavedPlan | undefined> {
    const saved = await importing.run(async (idempotencyKey) =>
      unwrap(
        await api.POST('/plans', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: plan as components['schemas']['Plan'],
        }),
      ),
    );
    if (!saved) return undefined;
    planId.value = saved.planId;
    await load();
    return saved;
  }

  const current = () => plans.value.find((plan) => plan.planId === planId.value) ?? null;

  return { plans, planId, revisions, olderRevisions, loading, failure, importing, load, choosePlan, importPlan, current };
}
