import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../../shared/auth/token.js';
import { fixedClock } from '../../../shared/clock/clock.js';
import { createToken, findToken } from '../../../shared/store/tokens-repo.js';
import { useTestTable } from '../../support/test-table.js';
import { admin, bodyOf, context, httpEvent, reviewer, unit } from './http-events.js';

await useTestTable();
const tokens = (await import('../../../functions/tokens/handler.js')).handler;
const authorizer = (await import('../../../functions/authorizer/handler.js')).handler;

const createTokenEvent = (body: unknown, principal = admin) =>
  httpEvent('POST /tokens', { principal, body: JSON.stringify(body), contentType: 'application/json' });

function authorizerEvent(authorization: string | undefined): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api/$default/GET/units/longshan/tasks',
    identitySource: authorization ? [authorization] : [],
    routeKey: 'GET /units/{unitId}/tasks',
    rawPath: '/units/longshan/tasks',
    rawQueryString: '',
    headers: authorization ? { authorization } : {},
    requestContext: httpEvent('GET /units/{unitId}/tasks').requestContext,
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

describe('POST /tokens', () => {
  it('creates a unit token, answers the secret once and stores only its hash', async () => {
    // Act
    const response = await tokens(createTokenEvent({ role: 'unit', unitId: 'longshan', label: '龙山镇 环保办' }), context);

    // Assess
    expect(response.statusCode).toBe(201);
    const body = bodyOf(response);
    expect(body).toEqual({ token: expect.stringMatching(/^gb_/), role: 'unit', unitId: 'longshan', label: '龙山镇 环保办', createdAt: expect.any(String) });
    const stored = await findToken(hashToken(body.token));
    expect(stored).toMatchObject({ role: 'unit', unitId: 'longshan', createdBy: 'token:admin' });
    expect(JSON.stringify(stored)).not.toContain(body.token);
  });

  it.each([
    [{ role: 'unit' }, 'unitId:required'],
    [{ role: 'viewer', unitId: 'longshan' }, 'unitId:not_allowed'],
    [{ role: 'root' }, 'role:one_of'],
    [{ role: 'admin', scopes: ['all'] }, 'scopes:unknown_field'],
    [{ role: 'admin', label: 'x'.repeat(101) }, 'label:too_long'],
  ])('answers 400 for %j', async (body, field) => {
    // Act
    const response = await tokens(createTokenEvent(body), context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).fields.map((f: { path: string; rule: string }) => `${f.path}:${f.rule}`)).toEqual([field]);
  });

  it('lets only an admin create tokens', async () => {
    // Act
    const byReviewer = await tokens(createTokenEvent({ role: 'admin' }, reviewer), context);
    const byUnit = await tokens(createTokenEvent({ role: 'admin' }, unit('longshan')), context);

    // Assess
    expect(byReviewer.statusCode).toBe(403);
    expect(byUnit.statusCode).toBe(403);
  });
});

describe('the authorizer', () => {
  it('resolves a bearer token to its role, unit and subject', async () => {
    // Prepare
    const { token } = bodyOf(await tokens(createTokenEvent({ role: 'unit', unitId: 'zhangqi' }), context));

    // Act
    const result = await authorizer(authorizerEvent(`Bearer ${token}`), context);

    // Assess
    expect(result).toEqual({
      isAuthorized: true,
      context: { role: 'unit', unitId: 'zhangqi', subject: `token:${hashToken(token).slice(0, 12)}` },
    });
  });

  it('gives a staff token no unit', async () => {
    // Prepare
    const { token } = bodyOf(await tokens(createTokenEvent({ role: 'viewer' }), context));

    // Act
    const result = await authorizer(authorizerEvent(`bearer ${token}`), context);

    // Assess
    expect(result).toEqual({ isAuthorized: true, context: { role: 'viewer', subject: expect.any(String) } });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a malformed token', 'Bearer gb_short'],
    ['an unknown token', `Bearer gb_${'A'.repeat(43)}`],
  ])('denies %s', async (_, header) => {
    // Act
    const result = await authorizer(authorizerEvent(header), context);

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('denies a stored token that no longer makes a valid principal', async () => {
    // Prepare
    const token = `gb_${'B'.repeat(43)}`;
    await createToken({ tokenHash: hashToken(token), role: 'unit', createdBy: 'test' }, fixedClock('2024-01-01T00:00:00Z'));

    // Act
    const result = await authorizer(authorizerEvent(`Bearer ${token}`), context);

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });
});
