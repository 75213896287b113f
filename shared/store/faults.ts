import { RetryableError } from '../domain/errors.js';

/** Errors DynamoDB answers when a table, partition or account is over its rate. */
const throttlingNames = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** Errors worth trying again later: throttling plus the service's own transient failures. */
const transientNames = new Set([
  ...throttlingNames,
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
]);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && throttlingNames.has(error.name);
}

export function isTransient(error: unknown): boolean {
  return error instanceof RetryableError || (error instanceof Error && transientNames.has(error.name));
}

/**
 * Runs store work for a workflow task: a transient failure left after the SDK's own retries surfaces as
 * `RetryableError`, the one error name the state machines retry with backoff.
 */
export async function retryableOnTransient<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTransient(error) && !(error instanceof RetryableError)) {
      throw new RetryableError(`transient store failure: ${(error as Error).name}`, { cause: error });
    }
    throw error;
  }
}

/** The per-item reason codes of a cancelled transaction (in request order), or undefined for any other error. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
}
