import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { failedAuthThrottle, type FailedAuthThrottle, type ThrottleLimits } from './failed-auth-throttle.js';
import type { FunctionRegistry } from './functions.js';
import {
  authorizerEvent,
  identityValues,
  messageResponse,
  proxyEvent,
  responseOf,
  splitUrl,
  type HttpResponse,
  type LocalRequest,
} from './http-event.js';
import { matchRoute, type LocalRoute, type RouteMatch } from './routes.js';
import type { webAppResponder } from './web-app.js';

type WebAppResponder = ReturnType<typeof webAppResponder>;

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** An admin revokes a token: after a 2xx answer the cached authorizer answers go, so that it is refused at once. */
export const REVOKE_TOKEN_ROUTE_KEY = 'DELETE /tokens/{tokenId}';

export interface HttpServeOptions {
  routes: LocalRoute[];
  registry: FunctionRegistry;
  /** The stage's throttle, applied to failed authentications only (see failed-auth-throttle.ts); none when absent. */
  failedAuthLimits?: ThrottleLimits;
  /** The built web workspace, served under /app/ beside the API as CloudFront serves it (web-app.ts). */
  webApp?: WebAppResponder;
}

export interface HttpServerOptions extends HttpServeOptions {
  port: number;
}

export interface LocalHttpServer {
  url: string;
  close(): Promise<void>;
}

/** A server already listening on its port (so that no other process takes it meanwhile), answering 503 until it serves. */
export interface OpenedHttpServer extends LocalHttpServer {
  port: number;
  serve(options: HttpServeOptions): void;
}

/**
 * The HTTP API on 127.0.0.1: routes, authorizer and Lambda proxy integrations as API Gateway runs them.
 * Two differences, both for the tests' sake on one machine: the stage throttle slows only a client's
 * failed authentications (on AWS it applies to every request), and revoking a token takes effect at once
 * (on AWS within the authorizer cache's TTL).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const server = await openHttpServer(options.port);
  server.serve(options);
  return server;
}

/**
 * Listens first (port 0: any free one) and serves later: the stack needs its own address before it can
 * build what it serves, and a port looked up but not yet held can be taken by another process meanwhile.
 */
export async function openHttpServer(port: number): Promise<OpenedHttpServer> {
  let handle = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(503, { 'retry-after': '1' }).end();
  };
  const server = createServer((request, response) => handle(request, response));
  await listen(server, port);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    close: () => close(server),
    serve(options) {
      const authorizer = authorizerCache(options.registry, options.failedAuthLimits && failedAuthThrottle(options.failedAuthLimits));
      handle = (request, response) => {
        const requestId = randomUUID();
        answer(request, requestId, options.routes, options.registry, authorizer, options.webApp).then(
          (result) => send(response, result, requestId),
          () => response.destroy(),
        );
      };
    },
  };
}

async function answer(
  incoming: IncomingMessage,
  requestId: string,
  routes: LocalRoute[],
  registry: FunctionRegistry,
  authorizer: AuthorizerCache,
  webApp: WebAppResponder | undefined,
): Promise<HttpResponse> {
  const body = await readBody(incoming);
  if (body === undefined) return messageResponse(413, 'Request Entity Too Large');
  const request: LocalRequest = {
    method: incoming.method ?? 'GET',
    url: incoming.url ?? '/',
    headers: incoming.headers,
    body,
    sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    host: incoming.headers.host ?? '127.0.0.1',
    requestId,
    receivedAt: new Date(),
  };
  let match: RouteMatch | undefined;
  try {
    match = matchRoute(routes, request.method, splitUrl(request.url).rawPath);
  } catch {
    return messageResponse(400, 'Bad Request');
  }
  if (!match) return webApp?.(request.method, splitUrl(request.url).rawPath) ?? messageResponse(404, 'Not Found');
  try {
    let authorizerContext: unknown;
    if (match.route.authorizer) {
      const decision = await authorizer.authorize(request, match);
      if (decision === 'missing') return messageResponse(401, 'Unauthorized');
      if (decision === 'denied') return messageResponse(403, 'Forbidden');
      if ('retryAfterSeconds' in decision) {
        return messageResponse(429, 'Too Many Requests', { 'retry-after': String(decision.retryAfterSeconds) });
      }
      authorizerContext = decision.context;
    }
    const result = await registry.invoke(match.route.fn, proxyEvent(request, match, authorizerContext));
    const response = responseOf(result) ?? messageResponse(500, 'Internal Server Error');
    if (match.route.routeKey === REVOKE_TOKEN_ROUTE_KEY && response.statusCode >= 200 && response.statusCode < 300) authorizer.flush();
    return response;
  } catch (error) {
    console.error(`${request.method} ${request.url} (${match.route.routeKey}):`, error);
    return messageResponse(500, 'Internal Server Error');
  }
}

type Decision = 'missing' | 'denied' | { retryAfterSeconds: number } | { context: unknown };

interface AuthorizerCache {
  authorize(request: LocalRequest, match: RouteMatch): Promise<Decision>;
  /** Forgets every cached answer. */
  flush(): void;
}

/**
 * Calls the route's authorizer, caching its answer per identity for the authorizer's TTL as API Gateway
 * does. A request not already known to be authenticated is an attempt that may fail: it is counted against
 * its client before the authorizer runs (a flood of bad tokens is answered 429 without reaching it), and
 * given back once it succeeds.
 */
function authorizerCache(registry: FunctionRegistry, throttle: FailedAuthThrottle | undefined): AuthorizerCache {
  const cache = new Map<string, { expires: number; allowed: boolean; context: unknown }>();
  return {
    flush: () => cache.clear(),
    async authorize(request, match) {
      const authorizer = match.route.authorizer!;
      const identity = identityValues(request, authorizer.identitySource);
      const key = identity && `${authorizer.name}\n${identity.join('\n')}`;
      let entry = key !== undefined && authorizer.resultTtlSeconds > 0 && authorizer.identitySource.length > 0 ? cache.get(key) : undefined;
      if (entry && entry.expires <= Date.now()) entry = undefined;
      if (entry?.allowed) return { context: entry.context };

      const retryAfterSeconds = throttle?.take(request.sourceIp);
      if (retryAfterSeconds !== undefined) return { retryAfterSeconds };
      if (!identity || key === undefined) return 'missing';
      if (!entry) {
        const result = (await registry.invoke(authorizer.fn, authorizerEvent(request, match, identity))) as {
          isAuthorized?: unknown;
          context?: unknown;
        } | null;
        if (typeof result?.isAuthorized !== 'boolean') throw new Error(`authorizer ${authorizer.name} answered without isAuthorized`);
        entry = { expires: Date.now() + authorizer.resultTtlSeconds * 1000, allowed: result.isAuthorized, context: result.context };
        cache.set(key, entry);
      }
      if (!entry.allowed) return 'denied';
      throttle?.refund(request.sourceIp);
      return { context: entry.context };
    },
  };
}

/** The body, or undefined once it exceeds the API Gateway limit (the rest is drained, not buffered). */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => done(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

function send(response: ServerResponse, result: HttpResponse, requestId: string): void {
  response.statusCode = result.statusCode;
  for (const [name, value] of Object.entries(result.headers)) {
    // The handlers add it for API Gateway's HTTPS; it must never come over plain HTTP (RFC 6797 §7.2).
    if (name !== 'strict-transport-security') response.setHeader(name, value);
  }
  if (result.cookies.length) response.setHeader('set-cookie', result.cookies);
  response.setHeader('apigw-requestid', requestId);
  response.setHeader('content-length', result.body.length);
  response.end(result.body);
}

export function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
