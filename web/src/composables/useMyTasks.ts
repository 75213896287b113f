import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Task } from '../api/client';
import { asFailure } from './failure';

/** The largest page the API gives: a unit's year (tens of tasks) is one request. */
const PAGE_SIZE = 200;

/** Every task of the signed-in unit, of one year or (year undefined) of all years, following nextCursor. */
async function readMyTasks(year?: number): Promise<Task[]> {
  const items: Task[] = [];
  let cursor: string | undefined;
  do {
    const query = { limit: PAGE_SIZE, ...(year === undefined ? {} : { year: String(year) }), ...(cursor ? { cursor } : {}) };
    const page = unwrap(await api.GET('/me/tasks', { params: { query } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The years that have tasks for the unit, newest first: known once every task was read (this session). */
const knownYears = ref<number[] | null>(null);

function yearsOf(tasks: readonly Task[]): number[] {
  return [...new Set(tasks.map((task) => task.year))].sort((a, b) => b - a);
}

/**
 * 我的任务: the unit's tasks of one year, with their lights (GET /me/tasks?year=). Without a year, the
 * latest year that has tasks: the API lists a unit's tasks by year and deadline, oldest first, and has no
 * "latest year" of its own, so every task is read once (one request for up to 200) and the newest year's
 * kept; the same read gives the years to choose from.
 */
export function useMyTasks() {
  const tasks = shallowRef<Task[]>([]);
  const year = ref<number | null>(null);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  let latestRequest = 0;

  async function load(wanted: number | null): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    failure.value = null;
    try {
      if (wanted === null) {
        const all = await readMyTasks();
        if (request !== latestRequest) return;
        knownYears.value = yearsOf(all);
        const latest = knownYears.value[0] ?? null;
        year.value = latest;
        tasks.value = all.filter((task) => task.year === latest);
      } else {
        const found = await readMyTasks(wanted);
        if (request !== latestRequest) return;
        year.value = wanted;
        tasks.value = found;
      }
    } catch (error) {
      if (request === latestRequest) failure.value = asFailure(error);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** The years to choose from, read on demand (opening the year list) when not known yet. */
  const loadingYears = ref(false);
  async function loadYears(): Promise<void> {
    if (knownYears.value || loadingYears.value) return;
    loadingYears.value = true;
    try {
      knownYears.value = yearsOf(await readMyTasks());
    } catch {
      // The list keeps the year shown; the page's own error state covers a failing API.
    } finally {
      loadingYears.value = false;
    }
  }

  return { tasks, year, loading, failure, load, years: knownYears, loadingYears, loadYears };
}
