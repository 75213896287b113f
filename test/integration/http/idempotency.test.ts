import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { LocalStack } from '../../../infra/local/local-stack.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { jsonBody } from '../../../shared/http/body.js';
import { httpHandler } from '../../../shared/http/http-handler.js';
import { IDEMPOTENCY_EXPIRY_SECONDS, IDEMPOTENCY_PARTITION } from '../../../shared/http/idempotency.js';
import { json } from '../../../shared/http/response.js';
import { route } from '../../../shared/http/router.js';
import { dynamo } from '../../../shared/store/client.js';
import { startTestStack } from '../../support/local-stack.js';
import { samplePlan } from '../../support/sample-plan.js';
import { useTestTable } from '../../support/test-table.js';
import { admin, bodyOf, httpEvent, unit } from '../functions/http-events.js';

const tableName = await useTestTable();

/** A Lambda context as the runtime gives it: the function name prefixes the records, the remaining time bounds "in progress". */
const context = {
  awsRequestId: 'test',
  functionName: 'idempotency-test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** Routes whose runs are counted; each answer carries a fresh id, so a replay is told from a rerun. */
let runs = 0;
let held: Promise<void> = Promise.resolve();
let failNext: 'throw' | 'invalid' | undefined;
const handler = httpHandler({
  'POST /things': route({
    action: 'token:create',
    body: jsonBody(z.strictObject({ name: z.string() })),
    handle: async ({ body }) => {
      runs++;
      await held;
      const failure = failNext;
      failNext = undefined;
      if (failure === 'throw') throw new Error('the store went away');
      if (failure === 'invalid') throw new InvalidInput([{ path: 'name', rule: 'taken', message: 'Taken', messageZh: '已占用' }]);
      return json(201, { id: randomUUID(), name: body.name }, { location: `/things/${body.name}` });
    },
  }),
  // Without a body; every role may call it.
  'POST /things/{thingId}/touch': route({
    action: 'me:notifications',
    params: z.strictObject({ thingId: z.string() }),
    handle: async ({ params }) => {
      runs++;
      return json(200, { id: randomUUID(), thingId: params.thingId });
    },
  }),
  'GET /things': route({
    action: 'plan:list',
    handle: async () => {
      runs++;
      return json(200, { id: randomUUID() });
    },
  }),
});

interface Call {
  key?: string;
  body?: unknown;
  principal?: Principal;
  routeKey?: string;
  pathParameters?: Record<string, string>;
}

async function call({ key, body = { name: 'a' }, principal = admin, routeKey = 'POST /things', pathParameters }: Call) {
  const event = httpEvent(routeKey, {
    principal,
    ...(pathParameters ? { pathParameters } : {}),
    ...(routeKey === 'POST /things' ? { body: JSON.stringify(body), contentType: 'application/json' } : {}),
  });
  if (key !== undefined) event.headers['idempotency-key'] = key;
  return handler(event, context);
}

async function idempotencyRecords(): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': IDEMPOTENCY_PARTITION },
      ConsistentRead: true,
    }),
  );
  return Items;
}

const newKey = () => `key-${randomUUID()}`;

describe('Idempotency-Key on a POST', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs the handler once and answers a retry with the identical first answer', async () => {
    // Prepare
    const key = newKey();
    const before = runs;

    // Act
    const first = await call({ key });
    const second = await call({ key });

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second).toEqual(first);
    expect(runs - before).toBe(1);
  });

  it('keeps the record in the table with Powertools’ layout, prefixed by the function, expiring after 24 h', async () => {
    // Prepare
    const key = newKey();
    const started = Math.floor(Date.now() / 1000);

    // Act
    const answer = await call({ key, body: { name: 'kept' } });

    // Assess
    const record = (await idempotencyRecords()).find((item) => (item.data as { body?: string } | undefined)?.body === answer.body);
    expect(record).toMatchObject({
      pk: IDEMPOTENCY_PARTITION,
      sk: expect.stringMatching(/^idempotency-test#/),
      status: 'COMPLETED',
      data: { statusCode: 201, body: answer.body },
    });
    expect(record!.expiresAt).toBeGreaterThanOrEqual(started + IDEMPOTENCY_EXPIRY_SECONDS);
    expect(record!.expiresAt).toBeLessThan(started + IDEMPOTENCY_EXPIRY_SECONDS + 60);
  });

  it('refuses the same key with another body (422) and still replays the first answer afterwards', async () => {
    // Prepare
    const key = newKey();
    const first = await call({ key, body: { name: 'a' } });
    const before = runs;

    // Act
    const other = await call({ key, body: { name: 'b' } });
    const again = await call({ key, body: { name: 'a' } });

    // Assess
    expect(other.statusCode).toBe(422);
    expect(bodyOf(other)).toEqual({ error: 'idempotency_key_reused', message: expect.stringMatching(/Idempotency-Key .+ \/ .+/) });
    expect(again).toEqual(first);
    expect(runs).toBe(before);
  });

  it('answers 409 to a retry while the first request still runs, and the first one completes', async () => {
    // Prepare
    const key = newKey();
    const before = runs;
    let release!: () => void;
    held = new Promise((resolve) => (release = resolve));

    // Act
    const first = call({ key });
    await expect.poll(() => runs > before).toBe(true);
    const retry = await call({ key });
    release();
    held = Promise.resolve();
    const firstAnswer = await first;
    const afterwards = await call({ key });

    // Assess
    expect(retry.statusCode).toBe(409);
    expect(bodyOf(retry)).toMatchObject({ error: 'request_in_progress', message: expect.stringMatching(/.+ \/ .+/) });
    expect(firstAnswer.statusCode).toBe(201);
    expect(afterwards).toEqual(firstAnswer);
  });

  it('runs every request without a key', async () => {
    // Prepare
    const before = runs;
    const recordsBefore = (await idempotencyRecords()).length;

    // Act
    const first = await call({});
    const second = await call({});

    // Assess
    expect(runs - before).toBe(2);
    expect(bodyOf(first).id).not.toBe(bodyOf(second).id);
    expect(await idempotencyRecords()).toHaveLength(recordsBefore);
  });

  it('keeps the keys of different callers apart', async () => {
    // Prepare
    const key = newKey();
    const before = runs;

    const touch = (principal: Principal) => call({ key, principal, routeKey: 'POST /things/{thingId}/touch', pathParameters: { thingId: 'a' } });

    // Act
    const byAdmin = await touch(admin);
    const byUnit = await touch(unit('longshan'));
    const byAdminAgain = await touch(admin);

    // Assess
    expect(runs - before).toBe(2);
    expect(bodyOf(byAdmin).id).not.toBe(bodyOf(byUnit).id);
    expect(byAdminAgain).toEqual(byAdmin);
  });

  it('keeps the keys of different routes and paths apart', async () => {
    // Prepare
    const key = newKey();
    const before = runs;
    const touch = (thingId: string) => call({ key, routeKey: 'POST /things/{thingId}/touch', pathParameters: { thingId } });

    // Act
    const created = await call({ key });
    const touchedA = await touch('a');
    const touchedB = await touch('b');

    // Assess
    expect(runs - before).toBe(3);
    expect([created.statusCode, touchedA.statusCode, touchedB.statusCode]).toEqual([201, 200, 200]);
    expect(bodyOf(touchedA).thingId).toBe('a');
    expect(bodyOf(touchedB).thingId).toBe('b');
  });

  it.each([
    ['throws', 'throw', 500],
    ['refuses the input', 'invalid', 400],
  ] as const)('leaves no record when the handler %s, so the retry runs again', async (_, failure, status) => {
    // Prepare
    const key = newKey();
    const recordsBefore = (await idempotencyRecords()).length;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    failNext = failure;
    const before = runs;

    // Act
    const failed = await call({ key });
    const recordsAfterFailure = (await idempotencyRecords()).length;
    const retried = await call({ key });

    // Assess
    expect(failed.statusCode).toBe(status);
    expect(recordsAfterFailure).toBe(recordsBefore);
    expect(retried.statusCode).toBe(201);
    expect(runs - before).toBe(2);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(129)],
    ['not ASCII', '重试-1'],
    ['a control character', 'a\tb'],
  ])('answers 400 naming Idempotency-Key for a key that is %s, and runs nothing', async (_, key) => {
    // Prepare
    const before = runs;

    // Act
    const response = await call({ key });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).fields).toEqual([
      { path: 'Idempotency-Key', rule: 'pattern', message: expect.any(String), messageZh: expect.any(String) },
    ]);
    expect(runs).toBe(before);
  });

  it('accepts a key of 128 printable characters', async () => {
    // Act
    const response = await call({ key: `~ ${'k'.repeat(126)}` });

    // Assess
    expect(response.statusCode).toBe(201);
  });

  it('ignores the header on a GET', async () => {
    // Prepare
    const key = newKey();
    const before = runs;

    // Act
    const first = await call({ key, routeKey: 'GET /things' });
    const second = await call({ key, routeKey: 'GET /things' });

    // Assess
    expect(runs - before).toBe(2);
    expect(bodyOf(first).id).not.toBe(bodyOf(second).id);
  });
});

describe('Idempotency-Key over HTTP on the local stack', () => {
  // A plan of 2026 broken down, and the clock (Date only) in mid-2026 so that a report's date is not in the future.
  const plan = samplePlan('idempotency-2026');
  let stack: LocalStack;
  let hushan: string;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T02:00:00Z'));
    stack = await startTestStack({ tableName });
    expect((await post('/plans', plan)).status).toBe(201);
    const started = await post(`/plans/${plan.id}/breakdowns`, {});
    const { executionId } = JSON.parse(started.text) as { executionId: string };
    await vi.waitFor(
      async () => expect((await get(`/plans/${plan.id}/breakdowns/${executionId}`)).body.status).toBe('SUCCEEDED'),
      { timeout: 20_000, interval: 50 },
    );
    hushan = JSON.parse((await post('/tokens', { role: 'unit', unitId: 'hushan' })).text).token;
  });

  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}, token = stack.adminToken) {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  }

  async function get(path: string, token = stack.adminToken) {
    const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as any };
  }

  async function tokenCount(): Promise<number> {
    const { Items = [] } = await dynamo().send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :token)',
        ExpressionAttributeValues: { ':token': 'TOKEN#' },
        ConsistentRead: true,
      }),
    );
    return Items.length;
  }

  it('creates one token for POST /tokens sent twice with the same key, and tells the retry which, without the secret', async () => {
    // Prepare
    const key = newKey();
    const before = await tokenCount();

    // Act
    const first = await post('/tokens', { role: 'viewer', label: 'retried' }, { 'Idempotency-Key': key });
    const second = await post('/tokens', { role: 'viewer', label: 'retried' }, { 'Idempotency-Key': key });
    const other = await post('/tokens', { role: 'viewer', label: 'another' }, { 'Idempotency-Key': key });

    // Assess
    expect(first.status).toBe(201);
    const { token, tokenId } = JSON.parse(first.text);
    expect(token).toMatch(/^gb_/);
    expect(second.status).toBe(409);
    expect(JSON.parse(second.text)).toMatchObject({ error: 'token_already_issued', tokenId });
    expect(second.text).not.toContain(token);
    expect(await tokenCount()).toBe(before + 1);
    expect(other.status).toBe(422);
  });

  it('creates a token for each POST /tokens without a key', async () => {
    // Prepare
    const before = await tokenCount();

    // Act
    const first = await post('/tokens', { role: 'viewer' });
    const second = await post('/tokens', { role: 'viewer' });

    // Assess
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.text).not.toBe(second.text);
    expect(await tokenCount()).toBe(before + 2);
  });

  it('writes one report and one history event for POST /tasks/{id}/updates retried with the same key', async () => {
    // Prepare
    const taskId = `${plan.id}.vocs-cleanup.hushan`;
    const read = await get(`/tasks/${taskId}`, hushan);
    const key = newKey();
    const report = { asOf: '2026-06-14', done: 1 };
    const send = () => post(`/tasks/${taskId}/updates`, report, { 'Idempotency-Key': key, 'If-Match': read.etag! }, hushan);

    // Act
    const first = await send();
    const retry = await send();
    const history = await get(`/tasks/${taskId}/history`);
    const after = await get(`/tasks/${taskId}`, hushan);

    // Assess
    expect(first.status, first.text).toBe(200);
    expect(retry).toEqual(first);
    expect(history.body.items.filter((event: { type: string }) => event.type === 'progress_reported')).toHaveLength(1);
    expect(after.body).toMatchObject({ version: read.body.version + 1, progress: { done: 1 } });
  });
});
