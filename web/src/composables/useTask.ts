import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Task, type TaskEvent } from '../api/client';
import type { components } from '../api/schema';
import { asFailure } from './failure';
import { planOf, type StoredPlan } from './usePlan';

export type EvidenceDownload = components['schemas']['EvidenceDownload'];
export type EvidenceEntry = { record: EvidenceDownload; failure: null } | { record: null; failure: ApiFailure };

const HISTORY_PAGE = 200;
/** Evidence records read at once: a task's reports cite a few files each. */
const EVIDENCE_AT_ONCE = 4;

async function readHistory(taskId: string): Promise<TaskEvent[]> {
  const items: TaskEvent[] = [];
  let cursor: string | undefined;
  do {
    const query = { limit: HISTORY_PAGE, ...(cursor ? { cursor } : {}) };
    const page = unwrap(await api.GET('/tasks/{taskId}/history', { params: { path: { taskId }, query } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The evidence ids a task's reports cited, in the order they were cited. */
export function citedEvidence(task: Task, history: readonly TaskEvent[]): string[] {
  const ids: string[] = [];
  for (const event of history) {
    const progress = event.type === 'progress_reported' ? (event.to.progress as { evidence?: unknown } | undefined) : undefined;
    if (Array.isArray(progress?.evidence)) ids.push(...progress.evidence.filter((id): id is string => typeof id === 'string'));
  }
  ids.push(...(task.progress?.evidence ?? []));
  return [...new Set(ids)];
}

export async function readEvidence(taskId: string, evidenceId: string): Promise<EvidenceEntry> {
  try {
    return { record: unwrap(await api.GET('/tasks/{taskId}/evidence/{evidenceId}', { params: { path: { taskId, evidenceId } } })), failure: null };
  } catch (error) {
    return { record: null, failure: asFailure(error) };
  }
}

/**
 * One task as its unit sees it (GET /tasks/{taskId}): its history (every page), its plan (names of units,
 * the plan's name) and the evidence its reports cited, each with a download link. Another unit's task,
 * or an address that names no task, is "not found" (the API answers 404, or 400 for a malformed id).
 */
export function useTask(taskId: () => string) {
  const task = shallowRef<Task | null>(null);
  const history = shallowRef<TaskEvent[]>([]);
  const historyFailure = shallowRef<ApiFailure | null>(null);
  const plan = shallowRef<StoredPlan | null>(null);
  const evidence = ref(new Map<string, EvidenceEntry>());
  const loading = ref(false);
  const notFound = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  let latestLoad = 0;

  /** Reads everything again; `quiet` keeps what is shown until the new answers are in (after a change, a 409). */
  async function load(quiet = false): Promise<void> {
    const id = taskId();
    const request = ++latestLoad;
    if (!quiet) {
      loading.value = true;
      task.value = null;
    }
    failure.value = null;
    notFound.value = false;
    try {
      const answer = await api.GET('/tasks/{taskId}', { params: { path: { taskId: id } } });
      if (request !== latestLoad) return;
      if (answer.response.status === 404 || answer.response.status === 400) {
        notFound.value = true;
        task.value = null;
        return;
      }
      const found = unwrap(answer);
      const [events, foundPlan] = await Promise.all([
        readHistory(id).then(
          (items) => ({ items, failure: null }),
          (error: unknown) => ({ items: [] as TaskEvent[], failure: asFailure(error) }),
        ),
        planOf(found.planId).catch(() => null),
      ]);
      if (request !== latestLoad) return;
      task.value = found;
      history.value = events.items;
      historyFailure.value = events.failure;
      plan.value = foundPlan;
      void loadEvidence(id, citedEvidence(found, events.items), request);
    } catch (error) {
      if (request === latestLoad) failure.value = asFailure(error);
    } finally {
      if (request === latestLoad) loading.value = false;
    }
  }

  async function loadEvidence(id: string, ids: string[], request: number): Promise<void> {
    const missing = ids.filter((evidenceId) => !evidence.value.get(evidenceId)?.record);
    for (let i = 0; i < missing.length; i += EVIDENCE_AT_ONCE) {
      const batch = missing.slice(i, i + EVIDENCE_AT_ONCE);
      const entries = await Promise.all(batch.map((evidenceId) => readEvidence(id, evidenceId)));
      if (request !== latestLoad) return;
      const next = new Map(evidence.value);
      batch.forEach((evidenceId, j) => next.set(evidenceId, entries[j]!));
      evidence.value = next;
    }
  }

  /** A fresh download link for one file (they last five minutes). */
  async function refreshEvidence(evidenceId: string): Promise<EvidenceEntry> {
    const entry = await readEvidence(taskId(), evidenceId);
    evidence.value = new Map(evidence.value).set(evidenceId, entry);
    return entry;
  }

  /** A change's answer (the task as changed) is shown at once; the history follows. */
  function changed(next: Task): void {
    task.value = next;
    void load(true);
  }

  return { task, history, historyFailure, plan, evidence, loading, notFound, failure, load, refreshEvidence, changed };
}
