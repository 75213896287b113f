import { onScopeDispose, ref, shallowRef } from 'vue';
import { api, unwrap, type BreakdownRun } from '../api/client';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

/** How often the run is read while it goes on; how long the page waits before it says to come back later. */
const POLL_MS = 1000;
const GIVE_UP_MS = 10 * 60 * 1000;

/**
 * A breakdown started from the page (POST /plans/{planId}/breakdowns) and followed until its execution has
 * ended (GET …/breakdowns/{executionId}): goals done of all while it runs; then the tasks' counts and, once
 * the units are notified (the execution's last step), how many.
 */
export function useBreakdown() {
  const run = shallowRef<BreakdownRun | null>(null);
  const following = ref(false);
  const gaveUp = ref(false);
  const starting = useSubmission();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let followed = 0;

  async function start(planId: string): Promise<void> {
    forget();
    const started = await starting.run(async (idempotencyKey) =>
      unwrap(await api.POST('/plans/{planId}/breakdowns', { params: { path: { planId }, header: { 'Idempotency-Key': idempotencyKey } }, body: {} })),
    );
    if (!started) return;
    following.value = true;
    const token = ++followed;
    const until = Date.now() + GIVE_UP_MS;
    const poll = async (): Promise<void> => {
      if (token !== followed) return;
      try {
        run.value = unwrap(await api.GET('/plans/{planId}/breakdowns/{executionId}', { params: { path: { planId, executionId: started.executionId } } }));
      } catch (error) {
        starting.failure.value = asFailure(error);
      }
      if (token !== followed) return;
      if (isOver(run.value)) following.value = false;
      else if (Date.now() > until) {
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

  /** Another plan chosen, or a new revision imported: the run shown belongs to what was there before. */
  function forget(): void {
    stop();
    run.value = null;
    gaveUp.value = false;
    starting.failure.value = null;
  }

  onScopeDispose(stop);

  return { run, following, gaveUp, starting, start, forget };
}

/** Over when it failed, or succeeded and its execution has notified the units (or ended without them). */
export function isOver(run: BreakdownRun | null): boolean {
  if (!run || run.status === 'RUNNING') return false;
  if (run.status !== 'SUCCEEDED') return true;
  return run.notified !== undefined || (run.execution !== null && run.execution.status !== 'RUNNING');
}
