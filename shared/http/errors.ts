import { DomainError, NotFound } from '../domain/errors.js';

/*
 * Failures that only exist at the HTTP edge. They extend DomainError so that the one error mapper
 * (error-response.ts) treats them like every other typed failure.
 */

/** No or an unusable principal: the authorizer should have stopped the request before it got here. */
export class Unauthorized extends DomainError {
  readonly code = 'unauthorized';
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

/** The same answer as for a resource that does not exist, so a hidden one cannot be told apart from it. */
export function notFound(): NotFound {
  return new NotFound('Not found', '未找到');
}

export function planNotFound(planId: string): NotFound {
  return new NotFound(`Plan ${planId} not found`, `未找到计划 ${planId}`);
}
