import { computed, ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Task } from '../api/client';
import { asFailure } from './failure';
import type { LedgerFilter } from './useLedgerRows';

/** Tasks read per request: a unit has one task per goal (a hundred at province scale), so mostly one page. */
const PAGE_SIZE = 100;

/**
 * One unit's tasks in the 台账 (GET /plans/{planId}/tasks?unit=, paged by cursor): goal and status are asked
 * of the API; light and level, which it does not filter on, are applied to the tasks read.
 */
export function useUnitTasks() {
  const tasks = shallowRef<Task[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  let asked: { planId: string; unitId: string; goalId: string; status: LedgerFilter['status'] } | null = null;
  let reads = 0;

  async function read(cursor: string | null): Promise<void> {
    if (!asked) return;
    const read = ++reads;
    loading.value = true;
    failure.value = null;
    const { planId, unitId, goalId, status } = asked;
    try {
      const query = { unit: unitId, limit: PAGE_SIZE, ...(goalId ? { goal: goalId } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) };
      const page = unwrap(await api.GET('/plans/{planId}/tasks', { params: { path: { planId }, query } }));
      if (read !== reads) return;
      tasks.value = cursor ? [...tasks.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (error) {
      if (read === reads) failure.value = asFailure(error);
    } finally {
      if (read === reads) loading.value = false;
    }
  }

  async function open(planId: string, unitId: string, filter: LedgerFilter): Promise<void> {
    asked = { planId, unitId, goalId: filter.goalId, status: filter.status };
    tasks.value = [];
    nextCursor.value = null;
    await read(null);
  }

  function shown(filter: LedgerFilter) {
    return computed(() => tasks.value.filter((task) => (!filter.light || task.light === filter.light) && (!filter.level || task.escalation?.level === filter.level)));
  }

  return { tasks, nextCursor, loading, failure, open, more: () => read(nextCursor.value), shown };
}
