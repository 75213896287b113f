import document from '../../docs/openapi.json' with { type: 'json' };
import { json, type HttpResponse } from '../../shared/http/response.js';

/**
 * Generated at build time (`npm run openapi`, docs/openapi.json): building it from the zod schemas at
 * load cost the function ~90 ms of cold start.
 */
const body = JSON.stringify(document);

/**
 * `GET /openapi.json`, without a token: the description of the API is public. The same text every time, so
 * nothing to fail and no error answer to shape: without the error middleware (zod, Powertools) the bundle
 * stays under 300 KB with the document in it.
 */
export const handler = async (): Promise<HttpResponse> => ({ ...json(200, null, { 'cache-control': 'public, max-age=300' }), body });
