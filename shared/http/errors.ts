import { Conflict, DomainError, NotFound } from '../domain/errors.js';

/*
 * Failures that only exist at the HTTP edge. They extend DomainError so that the one error mapper
 * (error-response.ts) treats them like every other typed failure.
 */

/** No or an unusable principal: the authorizer should have stopped the request before it got here. */
export class Unauthorized extends DomainError {
  readonly code: string = 'unauthorized';
}

/** A token that was issued, but revoked or past its expiry: 401 saying which (`token_revoked`, `token_expired`). */
export class TokenRefused extends Unauthorized {
  override readonly code: string;
  constructor(code: 'token_revoked' | 'token_expired', message: string, messageZh: string) {
    super(message, messageZh);
    this.code = code;
  }
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
}

export class MalformedJson extends DomainError {
  readonly code = 'malformed_json';
}

/** A service we depend on (e.g. Step Functions) refused or failed; the caller may try again later. */
export class ServiceUnavailable extends DomainError {
  readonly code = 'service_unavailable';
}

/** An `Idempotency-Key` already used by the caller on this route with another body. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'idempotency_key_reused';
}

/** The first request with this `Idempotency-Key` is still running; the retry may come again shortly. */
export class RequestInProgress extends Conflict {
  override readonly code = 'request_in_progress';
}

/** The same answer as for a resource that does not exist, so a hidden one cannot be told apart from it. */
export function notFound(): NotFound {
  return new NotFound('Not found', '未找到');
}

export function planNotFound(planId: string): NotFound {
  return new NotFound(`Plan ${planId} not found`, `未找到计划 ${planId}`);
}
