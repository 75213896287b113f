import { onScopeDispose, ref, shallowRef } from 'vue';
import { api, unwrap, type ChaseRun } from '../api/client';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

/** How often the run is read while it goes on; how long the page waits before it says to come back later. */
const POLL_MS = 1000;
const GIVE_UP_MS = 10 * 60 * 1000;

/**
 * The chase of a day run from the page (POST /chases with its date, admins only) and followed until its
 * execution has ended (GET /chases/{executionId}): tasks examined, escalations by level, notifications sent.
 */
export function useChase(onFinished: () => void) {
  const run = shallowRef<ChaseRun | null>(null);
  const following = ref(false);
  const gaveUp = ref(false);
  const starting = useSubmission();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let followed = 0;

  async function start(date: string): Promise<void> {
    stop();
    run.value = null;
    gaveUp.value = false;
    const started = await starting.run(async (idempotencyKey) =>
      unwrap(await api.POST('/chases', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: { date } })),
    );
    if (!started) return;
    run.value = { executionId: started.executionId, status: 'RUNNING', date: started.date };
    following.value = true;
    const token = ++followed;
    const until = Date.now() + GIVE_UP_MS;
    const poll = async (): Promise<void> => {
      if (token !== followed) return;
      try {
        run.value = unwrap(await api.GET('/chases/{executionId}', { params: { path: { executionId: started.executionId } } }));
      } catch (error) {
        starting.failure.value = asFailure(error);
      }
      if (token !== followed) return;
      if (run.value?.status !== 'RUNNING') {
        following.value = false;
        onFinished();
      } else if (Date.now() > until) {
        following.value = false;
        gaveUp.value = true;
      } else timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
  }

  function stop(): void {
    followed += 1;
    clearTimeout(timer);
    following.value = false;
  }

  onScopeDispose(stop);

  return { run, following, gaveUp, starting, start };
}
