import { ref, shallowRef } from 'vue';
import type { ApiFailure } from '../api/client';
import { asFailure, newIdempotencyKey } from './failure';

/**
 * One change sent to the API at a time: a fresh Idempotency-Key per attempt (a double tap, or a retry the
 * network repeats, writes once), `sending` to disable the button, and the answer's failure, with a 409
 * stale_version told apart (someone changed the task since the page read it).
 */
export function useSubmission() {
  const sending = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const stale = ref(false);

  async function run<T>(send: (idempotencyKey: string) => Promise<T>): Promise<T | undefined> {
    if (sending.value) return undefined;
    sending.value = true;
    failure.value = null;
    stale.value = false;
    try {
      return await send(newIdempotencyKey());
    } catch (error) {
      const found = asFailure(error);
      if (found.status === 409 && found.body.error === 'stale_version') stale.value = true;
      else failure.value = found;
      return undefined;
    } finally {
      sending.value = false;
    }
  }

  return { sending, failure, stale, run };
}
