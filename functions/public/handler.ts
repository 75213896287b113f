import middy from '@middy/core';
import { systemClock } from '../../shared/clock/clock.js';
import { requireEnv } from '../../shared/config/env.js';
import type { HttpEvent } from '../../shared/http/event.js';
import { errorResponder } from '../../shared/http/middlewares.js';
import { notFound } from '../../shared/http/errors.js';
import type { HttpResponse } from '../../shared/http/response.js';
import { publicRoutes, type PublicRoute } from './routes.js';

requireEnv('TABLE_NAME');

const routes = publicRoutes({ clock: systemClock });
const byRouteKey: Record<string, PublicRoute> = {
  'GET /public/assessments/{year}': routes.assessment,
  'GET /public/plans/{planId}/progress': routes.planProgress,
};

/**
 * The public routes, without a token (the gateway runs no authorizer on them): no principal, no body, no
 * Idempotency-Key; errors are mapped as everywhere else.
 */
export const handler = middy<HttpEvent, HttpResponse>()
  .use(errorResponder())
  .handler(async (event) => {
    const route = Object.hasOwn(byRouteKey, event.routeKey) ? byRouteKey[event.routeKey] : undefined;
    if (!route) throw notFound();
    return route(event);
  });
