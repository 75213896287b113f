import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../../../functions/authorizer/authenticate.js';
import { issueToken } from '../../../shared/auth/issue-token.js';
import { hashToken, tokenIdOf } from '../../../shared/auth/token.js';
import { fixedClock } from '../../../shared/clock/clock.js';
import { IDEMPOTENCY_PARTITION } from '../../../shared/http/idempotency.js';
import { dynamo } from '../../../shared/store/client.js';
import { savePlan } from '../../../shared/store/plans-repo.js';
import { findToken } from '../../../shared/store/tokens-repo.js';
import { useTestTable } from '../../support/test-table.js';
import { plan } from './fixtures.js';
import { admin, bodyOf, context, httpEvent, reviewer, unit } from './http-events.js';

const tableName = await useTestTable();
await savePlan(plan, 'test', fixedClock('2024-01-02T00:00:00Z'));
const tokens = (await import('../../../functions/tokens/handler.js')).handler;
const authorizer = (await import('../../../functions/authorizer/handler.js')).handler;

const DAY = 24 * 60 * 60 * 1000;

const createTokenEvent = (body: unknown, principal = admin, idempotencyKey?: string) => {
  const event = httpEvent('POST /tokens', { principal, body: JSON.stringify(body), contentType: 'application/json' });
  if (idempotencyKey) event.headers['idempotency-key'] = idempotencyKey;
  return event;
};
const create = async (body: unknown) => bodyOf(await tokens(createTokenEvent(body), context));

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
  it('creates a unit token, answers the secret once with its id and lifetime, and stores only its hash', async () => {
    // Act
    const response = await tokens(createTokenEvent({ role: 'unit', unitId: 'longshan', label: '龙山镇 环保办' }), context);

    // Assess
    expect(response.statusCode).toBe(201);
    const body = bodyOf(response);
    expect(body).toEqual({
      token: expect.stringMatching(/^gb_/),
      tokenId: tokenIdOf(hashToken(body.token)),
      role: 'unit',
      unitId: 'longshan',
      label: '龙山镇 环保办',
      createdAt: expect.any(String),
      createdBy: 'token:admin',
      expiresAt: new Date(Date.parse(body.createdAt) + 180 * DAY).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    });
    const stored = await findToken(body.tokenId);
    expect(stored).toMatchObject({ role: 'unit', unitId: 'longshan', tokenHash: hashToken(body.token) });
    expect(JSON.stringify(stored)).not.toContain(body.token);
  });

  it.each([
    ['admin', {}, 30],
    ['viewer', {}, 180],
    ['reviewer', { unitId: 'water-office' }, 180],
    ['unit', { unitId: 'zhangqi', expiresInDays: 7 }, 7],
  ])('gives a %s token its lifetime (%j)', async (role, extra, days) => {
    // Act
    const body = await create({ role, ...extra });

    // Assess
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(days * DAY);
  });

  it('ends a token given a last day at the end of that day, China time', async () => {
    // Prepare
    const lastDay = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);

    // Act
    const body = await create({ role: 'viewer', expiresAt: lastDay });

    // Assess
    expect(new Date(body.expiresAt).getTime()).toBe(new Date(`${lastDay}T00:00:00+08:00`).getTime() + DAY);
  });

  it.each([
    [{ role: 'unit' }, 'unitId:required'],
    [{ role: 'viewer', unitId: 'longshan' }, 'unitId:not_allowed'],
    [{ role: 'unit', unitId: 'atlantis' }, 'unitId:unknown_unit'],
    [{ role: 'reviewer', unitId: 'no-such-office' }, 'unitId:unknown_unit'],
    [{ role: 'root' }, 'role:one_of'],
    [{ role: 'admin', scopes: ['all'] }, 'scopes:unknown_field'],
    [{ role: 'admin', label: 'x'.repeat(101) }, 'label:too_long'],
    [{ role: 'admin', label: '局办公室\u202E' }, 'label:control_character'],
    [{ role: 'admin', expiresInDays: 367 }, 'expiresInDays:too_big'],
    [{ role: 'admin', expiresInDays: 0 }, 'expiresInDays:too_small'],
    [{ role: 'admin', expiresAt: '2020-01-01' }, 'expiresAt:past'],
    [{ role: 'admin', expiresAt: '2099-01-01' }, 'expiresAt:too_far'],
    [{ role: 'admin', expiresAt: '2099-01-01', expiresInDays: 3 }, 'expiresAt:exclusive'],
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

  it('answers a replay of its Idempotency-Key with the token id, never the secret, and keeps no secret in the record', async () => {
    // Prepare
    const key = `replay-${Date.now()}`;
    // As the Lambda runtime gives it: the remaining time bounds "in progress".
    const lambdaContext = { ...context, getRemainingTimeInMillis: () => 30_000 };
    const first = await tokens(createTokenEvent({ role: 'viewer', label: '领导小组' }, admin, key), lambdaContext);

    // Act
    const replay = await tokens(createTokenEvent({ role: 'viewer', label: '领导小组' }, admin, key), lambdaContext);

    // Assess
    expect(first.statusCode).toBe(201);
    const { token, tokenId } = bodyOf(first);
    expect(replay.statusCode).toBe(409);
    expect(bodyOf(replay)).toMatchObject({ error: 'token_already_issued', tokenId });
    expect(replay.body).not.toContain(token);
    const { Items } = await dynamo().send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': IDEMPOTENCY_PARTITION } }),
    );
    expect(Items!.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain(token);
    expect(JSON.stringify(Items)).toContain(tokenId);
  });
});

describe('GET /tokens and DELETE /tokens/{tokenId}', () => {
  it('lists tokens without secrets or hashes, filtered by unit and role', async () => {
    // Prepare
    const made = await create({ role: 'unit', unitId: 'guanhaiwei', label: '观海卫镇' });

    // Act
    const all = bodyOf(await tokens(httpEvent('GET /tokens', { principal: admin }), context));
    const ofUnit = bodyOf(await tokens(httpEvent('GET /tokens', { principal: admin, query: { unitId: 'guanhaiwei' } }), context));
    const reviewers = bodyOf(await tokens(httpEvent('GET /tokens', { principal: admin, query: { role: 'reviewer' } }), context));

    // Assess
    expect(all.items.map((item: { tokenId: string }) => item.tokenId)).toContain(made.tokenId);
    expect(ofUnit.items).toEqual([{ ...made, token: undefined }].map(({ token: _, ...metadata }) => metadata));
    expect(reviewers.items.length).toBeGreaterThan(0);
    expect(reviewers.items.every((item: { role: string }) => item.role === 'reviewer')).toBe(true);
    expect(JSON.stringify(all)).not.toContain(made.token);
    expect(JSON.stringify(all)).not.toContain(hashToken(made.token));
  });

  it('revokes a token once: revoking again answers the first revocation; an unknown id is 404', async () => {
    // Prepare
    const made = await create({ role: 'viewer' });
    const revoke = (tokenId: string) => tokens(httpEvent('DELETE /tokens/{tokenId}', { principal: admin, pathParameters: { tokenId } }), context);

    // Act
    const first = await revoke(made.tokenId);
    const again = await revoke(made.tokenId);
    const unknown = await revoke('0123456789ab');
    const malformed = await revoke('gb_secret');

    // Assess
    expect(first.statusCode).toBe(200);
    expect(bodyOf(first)).toMatchObject({ tokenId: made.tokenId, revokedAt: expect.any(String), revokedBy: 'token:admin' });
    expect(bodyOf(again)).toEqual(bodyOf(first));
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(400);
  });

  it('lets only an admin list and revoke', async () => {
    // Act
    const list = await tokens(httpEvent('GET /tokens', { principal: reviewer }), context);
    const revoke = await tokens(httpEvent('DELETE /tokens/{tokenId}', { principal: unit('longshan'), pathParameters: { tokenId: '0123456789ab' } }), context);

    // Assess
    expect(list.statusCode).toBe(403);
    expect(revoke.statusCode).toBe(403);
  });
});

describe('the authorizer', () => {
  it('resolves a bearer token to its role, unit, subject, id and expiry', async () => {
    // Prepare
    const made = await create({ role: 'unit', unitId: 'zhangqi' });

    // Act
    const result = await authorizer(authorizerEvent(`Bearer ${made.token}`), context);

    // Assess
    expect(result).toEqual({
      isAuthorized: true,
      context: { role: 'unit', unitId: 'zhangqi', subject: `token:${made.tokenId}`, tokenId: made.tokenId, expiresAt: made.expiresAt },
    });
  });

  it('gives a staff token no unit', async () => {
    // Prepare
    const { token } = await create({ role: 'viewer' });

    // Act
    const result = await authorizer(authorizerEvent(`bearer ${token}`), context);

    // Assess
    expect(result).toMatchObject({ isAuthorized: true, context: { role: 'viewer' } });
    expect((result as { context: object }).context).not.toHaveProperty('unitId');
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

  it('marks a revoked token refused, so that the route answers 401 token_revoked', async () => {
    // Prepare
    const made = await create({ role: 'unit', unitId: 'longshan' });
    await tokens(httpEvent('DELETE /tokens/{tokenId}', { principal: admin, pathParameters: { tokenId: made.tokenId } }), context);

    // Act
    const result = await authorizer(authorizerEvent(`Bearer ${made.token}`), context);
    const principal = (result as { context: Record<string, string> }).context;
    const answer = await tokens(httpEvent('GET /tokens', { principal: principal as never }), context);

    // Assess
    expect(principal).toMatchObject({ refused: 'token_revoked' });
    expect(answer.statusCode).toBe(401);
    expect(bodyOf(answer)).toMatchObject({ error: 'token_revoked', message: expect.stringContaining('吊销') });
  });

  it('marks an expired token refused, and refuses a cached authorization once its token expired', async () => {
    // Prepare
    const { token, record } = await issueToken({ role: 'admin', createdBy: 'test', expiresInDays: 1 }, fixedClock('2024-01-01T00:00:00Z'));

    // Act
    const later = await authenticate(`Bearer ${token}`, fixedClock('2024-01-02T00:00:00Z'));
    const cached = { role: 'admin', subject: `token:${record.tokenId}`, tokenId: record.tokenId, expiresAt: record.expiresAt };
    const answer = await tokens(httpEvent('GET /tokens', { principal: cached as never }), context);

    // Assess
    expect(later).toMatchObject({ isAuthorized: true, context: { refused: 'token_expired' } });
    expect(answer.statusCode).toBe(401);
    expect(bodyOf(answer)).toMatchObject({ error: 'token_expired' });
  });

  it('records the last use at most once a day', async () => {
    // Prepare
    const { token, record } = await issueToken({ role: 'viewer', createdBy: 'test' }, fixedClock('2024-03-01T00:00:00Z'));

    // Act
    await authenticate(`Bearer ${token}`, fixedClock('2024-03-02T08:00:00Z'));
    await authenticate(`Bearer ${token}`, fixedClock('2024-03-02T20:00:00Z'));
    const sameDay = await findToken(record.tokenId);
    await authenticate(`Bearer ${token}`, fixedClock('2024-03-05T09:00:00Z'));
    const nextUse = await findToken(record.tokenId);

    // Assess
    expect(sameDay?.lastUsedAt).toBe('2024-03-02T08:00:00.000Z');
    expect(nextUse?.lastUsedAt).toBe('2024-03-05T09:00:00.000Z');
  });

  it('denies a token whose hash does not match the stored one, or whose record makes no valid principal', async () => {
    // Prepare
    const { token, record } = await issueToken({ role: 'viewer', createdBy: 'test' }, fixedClock('2024-03-01T00:00:00Z'));
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await dynamo().send(
      new UpdateCommand({ TableName: tableName, Key: { pk: `TOKEN#${record.tokenId}`, sk: 'TOKEN' }, UpdateExpression: 'SET #role = :unit', ExpressionAttributeNames: { '#role': 'role' }, ExpressionAttributeValues: { ':unit': 'unit' } }),
    );

    // Act
    const unitWithoutUnit = await authenticate(`Bearer ${token}`, fixedClock('2024-03-02T00:00:00Z'));

    // Assess
    expect(unitWithoutUnit).toEqual({ isAuthorized: false });
  });
});
