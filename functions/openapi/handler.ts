import middy from '@middy/core';
import document from '../../docs/openapi.json' with { type: 'json' };
import { errorResponder } from '../../shared/http/middlewares.js';
import { json } from '../../shared/http/response.js';
import type { HttpEvent } from '../../shared/http/event.js';
import type { HttpResponse } from '../../shared/http/response.js';

/**
 * Generated at build time (`npm run openapi`, docs/openapi.json): building it from the zod schemas at
 * load cost the function ~90 ms of cold start.
 */
const body = JSON.stringify(document);

/** `GET /openapi.json`, without a token: the description of the API is public. */
export const handler = middy<HttpEvent, HttpResponse>()
  .use(errorResponder())
  .handler(async () => ({ ...json(200, null, { 'cache-control': 'public, max-age=300' }), body }));
