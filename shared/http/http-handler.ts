import middy from '@middy/core';
import type { HttpEvent } from './event.js';
import { idempotency, type Replays } from './idempotency.js';
import { bodyText, errorResponder } from './middlewares.js';
import type { HttpResponse } from './response.js';
import { router, type Route } from './router.js';

/** 1 MB: far above any plan the schema allows in practice, far below what would hurt a Lambda. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The middy stack every HTTP function uses: error mapping outermost, then the body cap and decoding,
 * then `Idempotency-Key` (a replay answers here; a failure below deletes the record before it is
 * mapped to an answer), then the router (principal, validation, authorization, the route's work).
 */
export function httpHandler(routes: Record<string, Route>, options: { maxBodyBytes?: number; replays?: Replays } = {}) {
  return middy<HttpEvent, HttpResponse>()
    .use(errorResponder())
    .use(bodyText(options.maxBodyBytes ?? MAX_BODY_BYTES))
    .use(idempotency(options.replays))
    .handler(router(routes));
}
