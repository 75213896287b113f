import { ApiFailure } from '../api/client';

/**
 * Any failure as an ApiFailure for `ApiErrorAlert`: an API answer keeps its status and body; a network
 * failure (no answer at all) has status 0 and the code `network_error`.
 */
export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiFailure(0, { error: 'network_error', message });
}

/** A fresh Idempotency-Key: one per submission attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
