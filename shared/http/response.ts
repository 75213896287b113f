import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { optionalEnv } from '../config/env.js';
import { HSTS_VARIABLE, SECURITY_HEADERS, strictTransportSecurity } from './security-headers.js';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Read once at load: deployed functions get it from infra/constructs/app-function.ts; locally it is stripped by the plain-HTTP server. */
const HSTS = strictTransportSecurity(optionalEnv(HSTS_VARIABLE));

/**
 * Every answer of the API, success or error, is JSON in UTF-8 (the text is partly Chinese), with the
 * security headers; a caller's headers cannot drop them.
 */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...headers, ...SECURITY_HEADERS, ...HSTS },
    body: JSON.stringify(body),
  };
}

/**
 * A file to save, not to show: its bytes base64 in the body (`isBase64Encoded`, which API Gateway's payload
 * 2.0 and the local server decode), and its name in UTF-8 (RFC 6266 `filename*`, Chinese names included)
 * beside an ASCII fallback for clients that read only `filename`.
 */
export function download(body: Buffer, contentType: string, fileName: string, headers: Record<string, string> = {}): HttpResponse {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
      ...headers,
      ...SECURITY_HEADERS,
      ...HSTS,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}
