import { onScopeDispose, ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type PublishedAssessment } from '../api/client';
import type { components, paths } from '../api/schema';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

export type AssessmentRun = components['schemas']['AssessmentRun'];
export type RankChange = NonNullable<AssessmentRun['changes']>[number];
export type AssessmentRules = NonNullable<paths['/assessments']['post']['requestBody']['content']['application/json']['rules']>;

/** How often a run is read while it goes on; how long the page waits before it says to come back later. */
const POLL_MS = 1000;
const GIVE_UP_MS = 10 * 60 * 1000;

/**
 * The year's runs from the page: a what-if (dry run, the plans' rules or others: POST /assessments with
 * `dryRun`) whose rank changes against the published ranking the run item carries, or a run that publishes;
 * each followed (GET …/runs/{runId}) until it has ended, as a breakdown is. A run that published, and a
 * re-score run an upheld appeal started, read the published ranking (GET /assessments/{year}) again.
 */
export function useAssessmentRuns() {
  const published = shallowRef<PublishedAssessment | null>(null);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const run = shallowRef<AssessmentRun | null>(null);
  const following = ref(false);
  const gaveUp = ref(false);
  const starting = useSubmission();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let followed = 0;

  async function loadPublished(year: number): Promise<void> {
    loading.value = true;
    failure.value = null;
    try {
      const answer = await api.GET('/assessments/{year}', { params: { path: { year: String(year) } } });
      published.value = answer.response.status === 404 ? null : unwrap(answer);
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loading.value = false;
    }
  }

  async function start(year: number, options: { dryRun: boolean; rules?: AssessmentRules }): Promise<void> {
    forget();
    const started = await starting.run(async (idempotencyKey) =>
      unwrap(
        await api.POST('/assessments', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: { year, ...(options.dryRun ? { dryRun: true } : {}), ...(options.rules ? { rules: options.rules } : {}) },
        }),
      ),
    );
    if (started) await follow(year, started.runId);
  }

  /** Follows a run until it has ended; one that published shows the new ranking. */
  async function follow(year: number, runId: string): Promise<void> {
    stop();
    gaveUp.value = false;
    following.value = true;
    const token = ++followed;
    const until = Date.now() + GIVE_UP_MS;
    const poll = async (): Promise<void> => {
      if (token !== followed) return;
      try {
        run.value = unwrap(await api.GET('/assessments/{year}/runs/{runId}', { params: { path: { year: String(year), runId } } }));
      } catch (error) {
        starting.failure.value = asFailure(error);
      }
      if (token !== followed) return;
      if (run.value && run.value.status !== 'RUNNING') {
        following.value = false;
        if (run.value.published) await loadPublished(year);
      } else if (Date.now() > until) {
        following.value = false;
        gaveUp.value = true;
      } else timer = setTimeout(() => void poll(), POLL_MS);
    };
    await poll();
  }

  function stop(): void {
    followed += 1;
    clearTimeout(timer);
    following.value = false;
  }

  /** Another year chosen: the run shown belongs to the year before. */
  function forget(): void {
    stop();
    run.value = null;
    gaveUp.value = false;
    starting.failure.value = null;
  }

  onScopeDispose(stop);

  return { published, loading, failure, run, following, gaveUp, starting, loadPublished, start, follow, forget };
}
