import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { jsonBody, textBody } from '../../../shared/http/body.js';
import { httpHandler } from '../../../shared/http/http-handler.js';
import { json } from '../../../shared/http/response.js';
import { route } from '../../../shared/http/router.js';
import { admin, bodyOf, context, httpEvent, unit, viewer } from '../../integration/functions/http-events.js';

const handler = httpHandler(
  {
    'POST /things': route({
      action: 'token:create',
      body: jsonBody(z.strictObject({ name: z.string().max(5) })),
      handle: async ({ body }) => json(201, body),
    }),
    'POST /texts': route({
      action: 'plan:import',
      body: textBody({ 'application/json': 'json', 'application/yaml': 'yaml' }),
      handle: async ({ body }) => json(200, body),
    }),
    'GET /tasks/{taskId}': route({
      action: 'task:read',
      params: z.strictObject({ taskId: z.string() }),
      resource: (params) => ({ unitId: params.taskId }),
      handle: async ({ params }) => json(200, params),
    }),
    'GET /lists': route({
      action: 'task:listByPlan',
      query: z.strictObject({ unit: z.string().optional() }),
      handle: async ({ query, onlyUnit }) => json(200, { unit: onlyUnit ?? query.unit ?? null }),
    }),
    'GET /boom': route({
      action: 'plan:list',
      handle: async () => {
        throw new Error('table goal-breakdown-prod unreachable');
      },
    }),
  },
  { maxBodyBytes: 64 },
);

describe('the HTTP middy stack', () => {
  afterEach(() => vi.restoreAllMocks());

  it('dispatches on the route key and answers JSON', async () => {
    // Act
    const response = await handler(httpEvent('POST /things', { principal: admin, body: '{"name":"a"}', contentType: 'application/json; charset=utf-8' }), context);

    // Assess
    expect(response).toMatchObject({ statusCode: 201, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(bodyOf(response)).toEqual({ name: 'a' });
  });

  it('answers 404 for a route it does not serve', async () => {
    // Act
    const response = await handler(httpEvent('DELETE /things', { principal: admin }), context);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error).toBe('not_found');
  });

  it('answers 401 without a principal from the authorizer', async () => {
    // Act
    const response = await handler(httpEvent('GET /lists', { principal: undefined }), context);

    // Assess
    expect(response.statusCode).toBe(401);
  });

  it('refuses a caller before reading the body', async () => {
    // Act
    const response = await handler(httpEvent('POST /things', { principal: viewer, body: '{nonsense', contentType: 'application/json' }), context);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response)).toEqual({ error: 'forbidden', message: 'You may not do this / 无权执行此操作' });
  });

  it('answers 404, not 403, when the resource is hidden from the caller', async () => {
    // Act
    const response = await handler(httpEvent('GET /tasks/{taskId}', { principal: unit('longshan'), pathParameters: { taskId: 'zhangqi' } }), context);

    // Assess
    expect(response.statusCode).toBe(404);
  });

  it('hands the unit scope of the decision to the route', async () => {
    // Act
    const response = await handler(httpEvent('GET /lists', { principal: unit('longshan'), query: { unit: 'zhangqi' } }), context);

    // Assess
    expect(bodyOf(response)).toEqual({ unit: 'longshan' });
  });

  it('answers 413 for a body over the cap, before parsing it', async () => {
    // Act
    const response = await handler(httpEvent('POST /things', { principal: admin, body: `{"name":"${'x'.repeat(100)}"}`, contentType: 'application/json' }), context);

    // Assess
    expect(response.statusCode).toBe(413);
  });

  it('answers 400 for malformed JSON', async () => {
    // Act
    const response = await handler(httpEvent('POST /things', { principal: admin, body: '{"name":', contentType: 'application/json' }), context);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toBe('malformed_json');
  });

  it('answers 415 for a media type the route does not read', async () => {
    // Act
    const response = await handler(httpEvent('POST /things', { principal: admin, body: 'name: a', contentType: 'application/yaml' }), context);

    // Assess
    expect(response.statusCode).toBe(415);
  });

  it('rejects unknown body fields and query parameters', async () => {
    // Act
    const body = await handler(httpEvent('POST /things', { principal: admin, body: '{"name":"a","x":1}', contentType: 'application/json' }), context);
    const query = await handler(httpEvent('GET /lists', { principal: admin, query: { sort: 'asc' } }), context);

    // Assess
    expect(bodyOf(body).fields).toEqual([expect.objectContaining({ path: 'x', rule: 'unknown_field' })]);
    expect(bodyOf(query).fields).toEqual([expect.objectContaining({ path: 'sort', rule: 'unknown_field' })]);
  });

  it('decodes a base64 body and passes text bodies through with their format', async () => {
    // Act
    const response = await handler(
      httpEvent('POST /texts', { principal: admin, body: Buffer.from('id: 计划').toString('base64'), isBase64Encoded: true, contentType: 'application/yaml' }),
      context,
    );

    // Assess
    expect(bodyOf(response)).toEqual({ text: 'id: 计划', format: 'yaml' });
  });

  it('answers a text route without a body with 400 naming the body', async () => {
    // Act
    const response = await handler(httpEvent('POST /texts', { principal: admin, contentType: 'application/json' }), context);

    // Assess
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'body', rule: 'required' })]);
  });

  it('hides an unexpected failure behind a generic 500 and logs it', async () => {
    // Prepare
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    // Act
    const response = await handler(httpEvent('GET /boom', { principal: admin }), context);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('goal-breakdown-prod');
    expect(logged.mock.calls[0]![0]).toContain('goal-breakdown-prod');
  });
});
