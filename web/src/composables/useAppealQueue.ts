import { computed, ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Appeal, type LineItem } from '../api/client';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

/** An appeal with the line it disputes, as the unit reads it (null when the line is no longer published). */
export interface QueuedAppeal {
  appeal: Appeal;
  line: LineItem | null;
}

export type AppealDecision = { decision: 'uphold'; reason: string; points?: number } | { decision: 'reject'; reason: string };

/**
 * 申诉处理: the year's appeals (GET /assessments/{year}/appeals), pending ones first, each with its line in
 * words from the unit's published score (GET …/units/{unitId}); uphold (setting the line's points, which
 * starts a re-score run that republishes) or reject, with a reason (POST …/appeals/{id}/decision). Then the
 * public disclosure of the published result (POST …/disclosure).
 */
export function useAppealQueue() {
  const appeals = shallowRef<QueuedAppeal[]>([]);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const deciding = useSubmission();
  const disclosing = useSubmission();
  const disclosedRunId = ref<string | null>(null);
  let latestRequest = 0;

  async function load(year: number): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    failure.value = null;
    try {
      const path = { year: String(year) };
      const listed = unwrap(await api.GET('/assessments/{year}/appeals', { params: { path } }));
      const unitIds = [...new Set(listed.items.map((appeal) => appeal.unitId))];
      const scores = await Promise.all(
        unitIds.map((unitId) => api.GET('/assessments/{year}/units/{unitId}', { params: { path: { ...path, unitId } } }).then((answer) => (answer.response.status === 404 ? null : unwrap(answer)))),
      );
      if (request !== latestRequest) return;
      const lines = new Map(scores.flatMap((score) => (score ? score.lineItems.map((line) => [`${score.unitId}/${line.lineId}`, line] as const) : [])));
      appeals.value = listed.items.map((appeal) => ({ appeal, line: lines.get(`${appeal.unitId}/${appeal.lineId}`) ?? null }));
    } catch (error) {
      if (request === latestRequest) failure.value = asFailure(error);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** Pending first, oldest first; then the decided ones, newest first. */
  const queue = computed(() => {
    const pending = appeals.value.filter((item) => item.appeal.status === 'pending').sort((a, b) => a.appeal.filedAt.localeCompare(b.appeal.filedAt));
    const decided = appeals.value.filter((item) => item.appeal.status !== 'pending').sort((a, b) => b.appeal.filedAt.localeCompare(a.appeal.filedAt));
    return { pending, decided };
  });

  /** The decision; upheld, the re-score run's id (to follow). */
  async function decide(year: number, appealId: string, decision: AppealDecision): Promise<{ appeal: Appeal; runId?: string } | undefined> {
    const decided = await deciding.run(async (idempotencyKey) =>
      unwrap(
        await api.POST('/assessments/{year}/appeals/{appealId}/decision', {
          params: { path: { year: String(year), appealId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: decision,
        }),
      ),
    );
    if (decided) appeals.value = appeals.value.map((item) => (item.appeal.appealId === appealId ? { ...item, appeal: decided.appeal } : item));
    return decided;
  }

  async function disclose(year: number): Promise<boolean> {
    const approved = await disclosing.run(async (idempotencyKey) =>
      unwrap(await api.POST('/assessments/{year}/disclosure', { params: { path: { year: String(year) }, header: { 'Idempotency-Key': idempotencyKey } }, body: {} })),
    );
    if (approved) disclosedRunId.value = approved.runId ?? null;
    return approved !== undefined;
  }

  function forget(): void {
    appeals.value = [];
    disclosedRunId.value = null;
    disclosing.failure.value = null;
    deciding.failure.value = null;
  }

  return { appeals, queue, loading, failure, deciding, disclosing, disclosedRunId, load, decide, disclose, forget };
}
