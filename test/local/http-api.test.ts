import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Handler } from '../../infra/local/functions.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';

// The routes and the authorizer come from the synthesized template; the handlers are stand-ins that
// record the events API Gateway would send them.
type Event = Record<string, any>;
const authorizerEvents: Event[] = [];
const planEvents: Event[] = [];

const authorizer: Handler = (event) => {
  authorizerEvents.push(event as Event);
  const [identity] = (event as Event).identitySource as string[];
  return identity!.startsWith('Bearer good') ? { isAuthorized: true, context: { role: 'admin', subject: 'tester' } } : { isAuthorized: false };
};

const plans: Handler = (event) => {
  planEvents.push(event as Event);
  const query = (event as Event).queryStringParameters ?? {};
  if (query.fail) throw new Error('handler failed');
  if (query.plain) return { hello: 'world' };
  return { statusCode: 201, headers: { 'X-Custom': 'yes' }, cookies: ['seen=1'], body: JSON.stringify({ ok: true }) };
};

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ handlers: { 'functions/authorizer/handler.ts': authorizer, 'functions/plans/handler.ts': plans } });
});

afterAll(() => stack?.stop());

beforeEach(() => {
  authorizerEvents.length = 0;
  planEvents.length = 0;
});

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${stack.url}${path}`, {
    ...init,
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
  });

describe('HTTP API on the local runtime', () => {
  it('gives a route with path parameters and a query the payload 2.0 event, with the authorizer context', async () => {
    // Act
    const response = await call('/plans/cixi%202022/units?limit=5&status=open&status=done', {
      token: 'good-1',
      headers: { 'X-Trace': 'abc', cookie: 'a=1; b=2' },
    });

    // Assess
    expect(response.status).toBe(201);
    expect(planEvents).toHaveLength(1);
    const event = planEvents[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /plans/{planId}/units',
      rawPath: '/plans/cixi%202022/units',
      rawQueryString: 'limit=5&status=open&status=done',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { limit: '5', status: 'open,done' },
      pathParameters: { planId: 'cixi 2022' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        authorizer: { lambda: { role: 'admin', subject: 'tester' } },
        http: { method: 'GET', path: '/plans/cixi%202022/units', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        routeKey: 'GET /plans/{planId}/units',
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({ 'x-trace': 'abc', authorization: 'Bearer good-1' });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.requestId).toEqual(expect.any(String));
    expect(event.requestContext.timeEpoch).toEqual(expect.any(Number));
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(authorizerEvents[0]).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      identitySource: ['Bearer good-1'],
      routeKey: 'GET /plans/{planId}/units',
      pathParameters: { planId: 'cixi 2022' },
    });
  });

  it('maps a structured result to status, headers, cookies and body', async () => {
    // Act
    const response = await call('/plans', { method: 'POST', token: 'good-2', headers: { 'content-type': 'application/json' }, body: '{"id":"p"}' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('set-cookie')).toBe('seen=1');
    expect(response.headers.get('apigw-requestid')).toBe(planEvents[0]!.requestContext.requestId);
    expect(await response.json()).toEqual({ ok: true });
    expect(planEvents[0]).toMatchObject({ routeKey: 'POST /plans', body: '{"id":"p"}', isBase64Encoded: false });
  });

  it('passes a binary body base64-encoded', async () => {
    // Prepare
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);

    // Act
    await call('/plans', { method: 'POST', token: 'good-3', headers: { 'content-type': 'application/octet-stream' }, body: bytes });

    // Assess
    expect(planEvents[0]).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('answers a plain object result as 200 JSON', async () => {
    // Act
    const response = await call('/plans?plain=1', { token: 'good-4' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('answers 401 without an Authorization header and 403 when the authorizer says no, without calling the route', async () => {
    // Act
    const missing = await call('/plans');
    const denied = await call('/plans', { token: 'bad' });

    // Assess
    expect([missing.status, await missing.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect([denied.status, await denied.json()]).toEqual([403, { message: 'Forbidden' }]);
    expect(authorizerEvents).toHaveLength(1);
    expect(planEvents).toHaveLength(0);
  });

  it('caches the authorizer answer per token for the template TTL', async () => {
    // Act
    await call('/plans?plain=1', { token: 'good-cached' });
    await call('/plans/p1', { token: 'good-cached' });

    // Assess
    expect(authorizerEvents).toHaveLength(1);
  });

  it('answers 404 for an unknown route and 500 when the handler throws', async () => {
    // Act
    const unknown = await call('/nowhere', { token: 'good-5' });
    const failing = await call('/plans?fail=1', { token: 'good-5' });

    // Assess
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'Not Found' }]);
    expect([failing.status, await failing.json()]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('refuses a body over 10 MB with 413', async () => {
    // Act
    const response = await call('/plans', {
      method: 'POST',
      token: 'good-6',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(planEvents).toHaveLength(0);
  });
});
