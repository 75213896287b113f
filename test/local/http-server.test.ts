import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionRegistry, LocalFunction } from '../../infra/local/functions.js';
import { REVOKE_TOKEN_ROUTE_KEY, startHttpServer, type LocalHttpServer } from '../../infra/local/http-server.js';
import type { LocalAuthorizer, LocalRoute } from '../../infra/local/routes.js';

// The server alone, on routes of the test's own: the revocation route need not be in the template yet.
type Event = Record<string, any>;

const localFunction = (logicalId: string): LocalFunction => ({
  logicalId,
  name: logicalId,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`,
  entry: `functions/${logicalId}/handler.ts`,
  environment: {},
  timeoutSeconds: 10,
  memoryMb: 128,
});
const authorizerFn = localFunction('authorizer');
const tokensFn = localFunction('tokens');
const plansFn = localFunction('plans');
const authorizer: LocalAuthorizer = {
  name: 'BearerToken',
  fn: authorizerFn,
  identitySource: ['$request.header.Authorization'],
  resultTtlSeconds: 60,
};
const route = (routeKey: string, fn: LocalFunction): LocalRoute => {
  const [method, path] = routeKey.split(' ');
  return { routeKey, method: method!, segments: path!.split('/').filter(Boolean), fn, authorizer };
};
const routes = [route('GET /plans', plansFn), route(REVOKE_TOKEN_ROUTE_KEY, tokensFn)];

/** Tokens `good-…` are valid until revoked (by their name as token id); anything else is refused. */
function fakeRegistry() {
  const revoked = new Set<string>();
  const authorized: string[] = [];
  const registry: FunctionRegistry = {
    functions: [authorizerFn, tokensFn, plansFn],
    find: () => undefined,
    async invoke(fn, event) {
      const { identitySource, pathParameters } = event as Event;
      if (fn === authorizerFn) {
        const token = String(identitySource[0]).replace(/^Bearer /, '');
        authorized.push(token);
        return { isAuthorized: token.startsWith('good-') && !revoked.has(token) };
      }
      if (fn === tokensFn) {
        if (pathParameters.tokenId === 'unknown') return { statusCode: 404, body: '{"error":"not_found"}' };
        revoked.add(pathParameters.tokenId);
        return { statusCode: 204 };
      }
      return { statusCode: 200, body: '{}' };
    },
  };
  return { registry, authorized };
}

let server: LocalHttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const call = (path: string, options: { token?: string; method?: string } = {}) =>
  fetch(`${server!.url}${path}`, {
    method: options.method ?? 'GET',
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });

describe('the authorizer cache', () => {
  it(`is dropped when ${REVOKE_TOKEN_ROUTE_KEY} answers 2xx: a revoked token is refused at once`, async () => {
    // Prepare
    const { registry, authorized } = fakeRegistry();
    server = await startHttpServer({ routes, registry, port: 0 });
    const before = [(await call('/plans', { token: 'good-user' })).status, (await call('/plans', { token: 'good-user' })).status];

    // Act
    const revocation = await call('/tokens/good-user', { method: 'DELETE', token: 'good-admin' });
    const after = await call('/plans', { token: 'good-user' });

    // Assess
    expect([...before, revocation.status, after.status]).toEqual([200, 200, 204, 403]);
    expect(authorized).toEqual(['good-user', 'good-admin', 'good-user']);
  });

  it('is kept when the revocation failed', async () => {
    // Prepare
    const { registry, authorized } = fakeRegistry();
    server = await startHttpServer({ routes, registry, port: 0 });
    await call('/plans', { token: 'good-user' });

    // Act
    const revocation = await call('/tokens/unknown', { method: 'DELETE', token: 'good-admin' });
    const after = await call('/plans', { token: 'good-user' });

    // Assess
    expect([revocation.status, after.status]).toEqual([404, 200]);
    expect(authorized).toEqual(['good-user', 'good-admin']);
  });
});

describe('the failed-authentication throttle', () => {
  // A refill so slow that the test never sees one.
  const failedAuthLimits = { rateLimit: 0.01, burstLimit: 3 };

  it('answers 429 with Retry-After once a client used up its failures, without calling the authorizer; a known good token goes on', async () => {
    // Prepare
    const { registry, authorized } = fakeRegistry();
    server = await startHttpServer({ routes, registry, port: 0, failedAuthLimits });
    await call('/plans', { token: 'good-known' });

    // Act
    const failures = [(await call('/plans', { token: 'bad-1' })).status, (await call('/plans')).status, (await call('/plans', { token: 'bad-2' })).status];
    const throttled = await call('/plans', { token: 'bad-3' });
    const missingThrottled = await call('/plans');
    const known = await call('/plans', { token: 'good-known' });
    // A token not yet known good cannot be told from a bad one without the call the throttle saves.
    const unknownGood = await call('/plans', { token: 'good-new' });

    // Assess
    expect(failures).toEqual([403, 401, 403]);
    expect([throttled.status, missingThrottled.status, known.status, unknownGood.status]).toEqual([429, 429, 200, 429]);
    expect(throttled.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(throttled.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await throttled.json()).toEqual({ message: 'Too Many Requests' });
    expect(authorized).toEqual(['good-known', 'bad-1', 'bad-2']);
  });
});
