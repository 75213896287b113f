import {
  IdempotencyAlreadyInProgressError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import * as z from 'zod';
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound, PreconditionRequired, RetryableError } from '../domain/errors.js';
import { listedProblems, type Problem } from '../domain/problem.js';
import { isTransient } from '../store/faults.js';
import {
  IdempotencyKeyReused,
  MalformedJson,
  PayloadTooLarge,
  RequestInProgress,
  ServiceUnavailable,
  Unauthorized,
  UnsupportedMediaType,
} from './errors.js';
import { describeError, log } from './log.js';
import { json, type HttpResponse } from './response.js';
import { problemsFromZod } from './validation.js';

/** The one place where a failure becomes an HTTP status. Anything not listed is a 500. */
const statusByError: [new (...args: never[]) => DomainError, number][] = [
  [InvalidInput, 400],
  [MalformedJson, 400],
  [Unauthorized, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [Conflict, 409],
  [PayloadTooLarge, 413],
  [UnsupportedMediaType, 415],
  [IdempotencyKeyReused, 422],
  [PreconditionRequired, 428],
  [ServiceUnavailable, 503],
];

export interface ErrorBody {
  error: string;
  message: string;
  /** The first problems of an invalid input (at most MAX_LISTED_PROBLEMS)… */
  fields?: Problem[];
  /** …and how many more there were, when there were more. */
  moreFields?: number;
}

/** Context for the log line of a 5xx; never sent to the caller. */
export interface ErrorLogContext {
  routeKey?: string;
  requestId?: string;
}

export function errorResponse(error: unknown, context: ErrorLogContext = {}): HttpResponse {
  const libraryError = fromLibrary(error);
  if (libraryError) return errorResponse(libraryError, context);
  // A schema parsed with `.parse` somewhere below the router still answers 400 with its fields.
  if (error instanceof z.ZodError) return errorResponse(new InvalidInput(problemsFromZod(error, 'body')), context);
  // Transient (throttling, a colliding transaction, the store's own passing failure): nothing was changed, and
  // the same request may simply be sent again.
  const storeFailure = !(error instanceof DomainError) && isTransient(error);
  if (error instanceof RetryableError || storeFailure) {
    if (storeFailure) log.warn('transient store failure', { ...context, error: describeError(error) });
    const busy = errorResponse(new ServiceUnavailable('The service is busy; please try again', '服务繁忙，请稍后重试'), context);
    return { ...busy, headers: { ...busy.headers, 'retry-after': '1' } };
  }

  const status = statusByError.find(([type]) => error instanceof type)?.[1];
  if (!(error instanceof DomainError) || status === undefined) {
    log.error('unhandled error', { ...context, error: describeError(error) });
    return json(500, {
      error: 'internal',
      message: 'Something went wrong on our side; please try again later / 服务器内部错误，请稍后重试',
    } satisfies ErrorBody);
  }
  // The failing dependency's own error is logged where it is caught; this line ties it to the request.
  if (status >= 500) log.error('answered with a server error', { ...context, error: describeError(error) });

  const body: ErrorBody = { error: error.code, message: `${error.message} / ${error.messageZh}` };
  if (error instanceof InvalidInput) Object.assign(body, listedProblems(error.problems));
  // RFC 6750: a bearer token the server no longer accepts.
  if (error instanceof Unauthorized) return json(status, body, { 'www-authenticate': `Bearer error="invalid_token"` });
  return json(status, body);
}

/** Failures of libraries that have a meaning for the caller, as our own typed errors (undefined: none). */
function fromLibrary(error: unknown): Error | undefined {
  if (error instanceof IdempotencyValidationError) {
    return new IdempotencyKeyReused(
      'This Idempotency-Key was already used with another body; use a new key for a new request',
      '该 Idempotency-Key 已用于内容不同的请求，新的请求请使用新的键',
    );
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return new RequestInProgress(
      'The first request with this Idempotency-Key is still running; try again shortly',
      '使用该 Idempotency-Key 的首次请求仍在处理中，请稍后重试',
    );
  }
  // The idempotency record could not be read or written because the table was busy: nothing was done.
  if (error instanceof IdempotencyPersistenceLayerError && isTransient(error.cause)) {
    return new RetryableError('idempotency store busy', { cause: error });
  }
  return undefined;
}
