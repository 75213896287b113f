import middy from '@middy/core';
import { errorResponder } from '../../shared/http/middlewares.js';
import { json } from '../../shared/http/response.js';
import type { HttpEvent } from '../../shared/http/event.js';
import type { HttpResponse } from '../../shared/http/response.js';
import { openApiDocument } from './document.js';

/** Built once per container: the document depends on the schemas only. */
const document = JSON.stringify(openApiDocument());

/** `GET /openapi.json`, without a token: the description of the API is public. */
export const handler = middy<HttpEvent, HttpResponse>()
  .use(errorResponder())
  .handler(async () => ({ ...json(200, null, { 'cache-control': 'public, max-age=300' }), body: document }));
