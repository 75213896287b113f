import type { Context } from 'aws-lambda';
import type { Principal } from '../../../shared/auth/principal.js';
import type { HttpEvent } from '../../../shared/http/event.js';

export interface EventOptions {
  principal?: Principal | undefined;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  isBase64Encoded?: boolean;
}

/**
 * An API Gateway HTTP API (payload 2.0) event as the proxy integration receives it after the Lambda
 * authorizer: `routeKey` like `GET /plans/{planId}`, lower-case headers, the principal in
 * `requestContext.authorizer.lambda`.
 */
export function httpEvent(routeKey: string, options: EventOptions = {}): HttpEvent {
  const [method, routePath] = routeKey.split(' ') as [string, string];
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const headers: Record<string, string> = { host: 'api.example.test', 'user-agent': 'vitest' };
  if (options.contentType) headers['content-type'] = options.contentType;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: '01/Mar/2024:08:00:00 +0000',
      timeEpoch: Date.parse('2024-03-01T08:00:00Z'),
      authorizer: {
        principalId: '',
        integrationLatency: 1,
        lambda: (options.principal ?? null) as unknown as Record<string, unknown>,
      },
    },
  } as HttpEvent;
}

export const context = { awsRequestId: 'test', functionName: 'test' } as Context;

export const admin: Principal = { role: 'admin', subject: 'token:admin' };
export const viewer: Principal = { role: 'viewer', subject: 'token:viewer' };
export const reviewer: Principal = { role: 'reviewer', unitId: 'water-office', subject: 'token:reviewer' };
export const unit = (unitId: string): Principal => ({ role: 'unit', unitId, subject: `token:${unitId}` });

/** The JSON body of a handler's answer. */
export function bodyOf(response: { body?: string | undefined }): any {
  return JSON.parse(response.body ?? 'null');
}
