import * as z from 'zod';
import { Forbidden, NotFound } from '../domain/errors.js';
import { authorize, type Action, type Resource } from '../auth/authorize.js';
import { Principal } from '../auth/principal.js';
import type { BodyReader } from './body.js';
import { notFound, TokenRefused, Unauthorized } from './errors.js';
import { tokenRefusal } from '../auth/token-lifetime.js';
import { systemClock } from '../clock/clock.js';
import { header, mediaType, type HttpEvent } from './event.js';
import type { HttpResponse } from './response.js';
import { validate } from './validation.js';

const noParams = z.strictObject({});

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  /** From `authorize`: when set, the caller may only see this unit's data and the route must filter by it. */
  onlyUnit: string | undefined;
  event: HttpEvent;
}

export interface RouteSpec<PS extends z.ZodType, QS extends z.ZodType, B> {
  action: Action;
  params?: PS;
  /** Strict object schema of the query string; omitted: no query parameters allowed. */
  query?: QS;
  body?: BodyReader<B>;
  /** The unit the request touches, for `authorize` (e.g. the task id's unit). */
  resource?: (params: z.output<PS>) => Resource;
  handle(input: RouteInput<z.output<PS>, z.output<QS>, B>): Promise<HttpResponse>;
}

export type Route = (event: HttpEvent, principal: Principal) => Promise<HttpResponse>;

/**
 * One route: validates path, then decides access (before reading query or body, so a caller who may
 * not call the route learns nothing about its inputs), then validates query and body, then handles.
 */
export function route<PS extends z.ZodType = typeof noParams, QS extends z.ZodType = typeof noParams, B = undefined>(
  spec: RouteSpec<PS, QS, B>,
): Route {
  return async (event, principal) => {
    const params = validate(spec.params ?? noParams, event.pathParameters ?? {}, 'path') as z.output<PS>;
    const decision = authorize(principal, spec.action, spec.resource?.(params));
    if (!decision.allowed) throw denial(decision.deny);
    const query = validate(spec.query ?? noParams, event.queryStringParameters ?? {}, 'query') as z.output<QS>;
    const body = spec.body ? spec.body.read(event.body, mediaType(header(event, 'content-type'))) : (undefined as B);
    return spec.handle({ params, query, body, principal, onlyUnit: decision.onlyUnit, event });
  };
}

/** Dispatches on `event.routeKey` (`GET /plans/{planId}`), the route the HTTP API matched. */
export function router(routes: Record<string, Route>): (event: HttpEvent) => Promise<HttpResponse> {
  return async (event) => {
    const handle = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!handle) throw new NotFound(`No route ${event.routeKey}`, `没有该接口：${event.routeKey}`);
    return handle(event, principalOf(event));
  };
}

/**
 * The caller as the authorizer resolved it. A revoked or expired token reaches here only to be told so
 * (401): the authorizer marks it `refused`, and a token that expired while its authorization was cached
 * (up to the cache's TTL) is caught by its `expiresAt`.
 */
function principalOf(event: HttpEvent): Principal {
  const context = event.requestContext?.authorizer?.lambda as Record<string, unknown> | undefined;
  const result = Principal.safeParse(context);
  if (!result.success) throw new Unauthorized('Missing or unusable credentials', '缺少有效的访问令牌');
  const refused = context?.refused ?? (typeof context?.expiresAt === 'string' ? tokenRefusal({ expiresAt: context.expiresAt }, systemClock.now()) : undefined);
  if (refused === 'token_revoked') throw new TokenRefused('token_revoked', 'This token was revoked; ask your bureau for a new sign-in link', '该令牌已被吊销，请向局办公室重新申请登录链接');
  if (refused === 'token_expired') throw new TokenRefused('token_expired', `This token expired at ${context?.expiresAt}; ask your bureau for a new one`, `该令牌已于 ${context?.expiresAt} 过期，请向局办公室重新申请`);
  return result.data;
}

function denial(deny: 'forbidden' | 'not_found'): Error {
  return deny === 'not_found' ? notFound() : new Forbidden('You may not do this', '无权执行此操作');
}
