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
