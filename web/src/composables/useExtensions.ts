import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Extension, type Task } from '../api/client';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

/** A pending request with what the admin decides by: its task and the unit's name. */
export interface PendingExtension {
  request: Extension;
  task: Task | null;
  unitName: string;
}

const PAGE_SIZE = 200;

/**
 * 延期申请 for the bureau: every pending request (GET /extensions), each with its task (GET /tasks/{id}) and
 * its unit's name from the plan; approve or refuse one with a note (POST /extensions/{id}/decision).
 */
export function useExtensions() {
  const pending = shallowRef<PendingExtension[]>([]);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const deciding = useSubmission();

  async function load(): Promise<void> {
    loading.value = true;
    failure.value = null;
    try {
      const requests: Extension[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(await api.GET('/extensions', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
        requests.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const planIds = [...new Set(requests.map((request) => request.planId))];
      const [tasks, unitPages] = await Promise.all([
        Promise.all(requests.map((request) => api.GET('/tasks/{taskId}', { params: { path: { taskId: request.taskId } } }).then(unwrap))),
        Promise.all(planIds.map((planId) => api.GET('/plans/{planId}/units', { params: { path: { planId } } }).then(unwrap))),
      ]);
      const names = new Map(unitPages.flatMap((page, i) => page.items.map((unit) => [`${planIds[i]}/${unit.id}`, unit.name] as const)));
      pending.value = requests
        .map((request, i) => ({ request, task: tasks[i] ?? null, unitName: names.get(`${request.planId}/${request.unitId}`) ?? request.unitId }))
        .sort((a, b) => a.request.requestedAt.localeCompare(b.request.requestedAt));
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loading.value = false;
    }
  }

  async function decide(extensionId: string, approve: boolean, note: string): Promise<boolean> {
    const decided = await deciding.run(async (idempotencyKey) =>
      unwrap(
        await api.POST('/extensions/{extensionId}/decision', {
          params: { path: { extensionId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { approve, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    );
    if (!decided) return false;
    pending.value = pending.value.filter((item) => item.request.extensionId !== extensionId);
    return true;
  }

  return { pending, loading, failure, deciding, load, decide };
}
