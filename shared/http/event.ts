import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';

/** An HTTP API (payload 2.0) request that passed the Lambda authorizer; its context is checked by the router. */
export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown>>;

/** HTTP API lower-cases header names in payload 2.0; this also tolerates hand-made events in tests and locally. */
export function header(event: { headers?: Record<string, string | undefined> | undefined }, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}
