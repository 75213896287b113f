import type { IncomingHttpHeaders } from 'node:http';
import { SECURITY_HEADERS } from '../../shared/http/security-headers.js';
import { ACCOUNT, REGION } from './fake-aws.js';
import type { RouteMatch } from './routes.js';

/** What the server read from one request. */
export interface LocalRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  host: string;
  requestId: string;
  receivedAt: Date;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

export const API_ID = 'local';

/** An API Gateway HTTP API payload format 2.0 event, as a Lambda proxy integration receives it. */
export function proxyEvent(request: LocalRequest, match: RouteMatch, authorizerContext: unknown): Record<string, unknown> {
  return {
    ...commonFields(request, match),
    requestContext: {
      ...requestContext(request, match.route.routeKey),
      ...(match.route.authorizer ? { authorizer: { lambda: authorizerContext ?? null } } : {}),
    },
    ...bodyFields(request),
  };
}

/** The REQUEST authorizer event of payload format 2.0. */
export function authorizerEvent(request: LocalRequest, match: RouteMatch, identitySource: string[]): Record<string, unknown> {
  const { rawPath } = splitUrl(request.url);
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/$default/${request.method}${rawPath}`,
    identitySource,
    ...commonFields(request, match),
    requestContext: requestContext(request, match.route.routeKey),
  };
}

/** The values of the authorizer's identity sources; undefined when one is missing (API Gateway answers 401). */
export function identityValues(request: LocalRequest, sources: string[]): string[] | undefined {
  const headers = headerMap(request.headers);
  const query = queryParameters(splitUrl(request.url).rawQueryString);
  const values: string[] = [];
  for (const source of sources) {
    const header = /^\$request\.header\.(.+)$/.exec(source)?.[1];
    const parameter = /^\$request\.querystring\.(.+)$/.exec(source)?.[1];
    const value = header !== undefined ? headers[header.toLowerCase()] : parameter !== undefined ? query[parameter] : undefined;
    if (!value) return undefined;
    values.push(value);
  }
  return values;
}

function commonFields(request: LocalRequest, match: RouteMatch): Record<string, unknown> {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const headers = headerMap(request.headers);
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim()).filter(Boolean);
  delete headers.cookie;
  const query = queryParameters(rawQueryString);
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
  };
}

function requestContext(request: LocalRequest, routeKey: string): Record<string, unknown> {
  return {
    accountId: ACCOUNT,
    apiId: API_ID,
    domainName: request.host,
    domainPrefix: request.host.split('.')[0],
    http: {
      method: request.method,
      path: splitUrl(request.url).rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: request.headers['user-agent'] ?? '',
    },
    requestId: request.requestId,
    routeKey,
    stage: '$default',
    time: clfTime(request.receivedAt),
    timeEpoch: request.receivedAt.getTime(),
  };
}

function bodyFields(request: LocalRequest): Record<string, unknown> {
  if (request.body.length === 0) return { isBase64Encoded: false };
  const text = isTextContent(request.headers['content-type']);
  return { body: request.body.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !text };
}

/** HTTP APIs pass text bodies as they are and base64-encode everything else (forms and uploads included). */
function isTextContent(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  if (!type) return false;
  return (
    type.startsWith('text/') ||
    ['application/json', 'application/xml', 'application/javascript', 'application/yaml', 'application/x-yaml'].includes(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

/** Lowercase names; repeated headers joined with commas, as payload 2.0 does. */
function headerMap(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : String(value)]),
  );
}

/** Decoded values; a repeated parameter's values joined with commas. */
function queryParameters(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&').filter(Boolean)) {
    const separator = pair.indexOf('=');
    const name = safeDecode(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? '' : safeDecode(pair.slice(separator + 1));
    const joined = Object.hasOwn(parameters, name) ? `${parameters[name]},${value}` : value;
    // Defined, not assigned: `__proto__` must arrive as the parameter it is (API Gateway passes it on).
    Object.defineProperty(parameters, name, { value: joined, enumerable: true, writable: true, configurable: true });
  }
  return parameters;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const question = url.indexOf('?');
  return question < 0 ? { rawPath: url, rawQueryString: '' } : { rawPath: url.slice(0, question), rawQueryString: url.slice(question + 1) };
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/**
 * A handler's result as API Gateway reads it (payload 2.0): `{ statusCode, headers, cookies, body,
 * isBase64Encoded }`, or any other value as a 200 JSON body. Undefined for a malformed result (→ 500).
 */
export function responseOf(result: unknown): HttpResponse | undefined {
  if (result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result) {
    const structured = result as { statusCode: unknown; headers?: unknown; cookies?: unknown; body?: unknown; isBase64Encoded?: unknown };
    const statusCode = Number(structured.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
    const headers = Object.fromEntries(
      Object.entries((structured.headers ?? {}) as Record<string, unknown>).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    const body = structured.body === undefined || structured.body === null ? '' : String(structured.body);
    return {
      statusCode,
      headers: body && !headers['content-type'] ? { ...headers, 'content-type': 'application/json' } : headers,
      cookies: Array.isArray(structured.cookies) ? structured.cookies.map(String) : [],
      body: Buffer.from(body, structured.isBase64Encoded === true ? 'base64' : 'utf8'),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)),
  };
}

/** The gateway's own answer (no route, no or refused token, too large, too many, a failed handler), as `{ message }`. */
export function messageResponse(statusCode: number, message: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers, ...SECURITY_HEADERS },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message })),
  };
}
