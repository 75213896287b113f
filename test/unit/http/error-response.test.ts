import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { Conflict, Forbidden, InvalidInput, NotFound, RetryableError } from '../../../shared/domain/errors.js';
import { errorResponse } from '../../../shared/http/error-response.js';
import { MalformedJson, PayloadTooLarge, ServiceUnavailable, Unauthorized, UnsupportedMediaType } from '../../../shared/http/errors.js';
import { validate } from '../../../shared/http/validation.js';

const bodyOf = (response: { body?: string }) => JSON.parse(response.body ?? '');

describe('errorResponse', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [new InvalidInput([]), 400, 'invalid_input', {}],
    [new MalformedJson('bad', '坏'), 400, 'malformed_json', {}],
    [new Unauthorized('who', '谁'), 401, 'unauthorized', { 'www-authenticate': 'Bearer error="invalid_token"' }],
    [new Forbidden('no', '不'), 403, 'forbidden', {}],
    [new NotFound('gone', '无'), 404, 'not_found', {}],
    [new Conflict('busy', '忙'), 409, 'conflict', {}],
    [new PayloadTooLarge('big', '大'), 413, 'payload_too_large', {}],
    [new UnsupportedMediaType('type', '类型'), 415, 'unsupported_media_type', {}],
  ])('maps %o to %i', (error, status, code, headers) => {
    // Act
    const response = errorResponse(error);

    // Assess
    expect(response.statusCode).toBe(status);
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    expect(bodyOf(response)).toMatchObject({ error: code, message: `${error.message} / ${error.messageZh}` });
  });

  it('lists every problem of an invalid input in fields', () => {
    // Prepare
    const problems = [
      { path: 'goals[0].deadline', rule: 'date', message: 'Must be a date', messageZh: '应为日期' },
      { path: 'units', rule: 'too_few', message: 'Too few', messageZh: '太少' },
    ];

    // Act
    const response = errorResponse(new InvalidInput(problems));

    // Assess
    expect(bodyOf(response)).toEqual({
      error: 'invalid_input',
      message: 'The request is invalid / 请求内容不符合要求',
      fields: problems,
    });
  });

  it('lists the first 50 problems and counts the others in moreFields', () => {
    // Prepare
    const problems = Array.from({ length: 60 }, (_, i) => ({ path: `f${i}`, rule: 'unknown_field', message: 'm', messageZh: 'm' }));

    // Act
    const body = bodyOf(errorResponse(new InvalidInput(problems)));

    // Assess
    expect(body.fields).toEqual(problems.slice(0, 50));
    expect(body.moreFields).toBe(10);
  });

  it('leaves moreFields out when every problem is listed', () => {
    // Prepare
    const problems = Array.from({ length: 50 }, (_, i) => ({ path: `f${i}`, rule: 'unknown_field', message: 'm', messageZh: 'm' }));

    // Act
    const body = bodyOf(errorResponse(new InvalidInput(problems)));

    // Assess
    expect(body.fields).toHaveLength(50);
    expect(body).not.toHaveProperty('moreFields');
  });

  it('answers a body of 60,000 unknown keys and one of 1 MB in a few kilobytes, the long key cut', () => {
    // Prepare
    const schema = z.strictObject({ note: z.string() });
    const manyKeys = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`unknown-${String(i).padStart(5, '0')}`, 1]));
    const longKey = 'k'.repeat(1_000_000);
    const refusal = (input: unknown) => {
      try {
        validate(schema, input, 'body');
      } catch (error) {
        return errorResponse(error);
      }
      throw new Error('accepted');
    };

    // Act
    const many = refusal(manyKeys);
    const long = refusal({ note: 'x', [longKey]: 1 });

    // Assess
    expect(many.body!.length).toBeLessThan(16 * 1024);
    expect(bodyOf(many)).toMatchObject({ error: 'invalid_input', moreFields: 60_000 + 1 - 50 });
    expect(bodyOf(many).fields).toHaveLength(50);
    expect(long.body!.length).toBeLessThan(1024);
    expect(bodyOf(long).fields).toEqual([expect.objectContaining({ path: `${'k'.repeat(99)}…`, rule: 'unknown_field' })]);
  });

  it('answers a zod error that escaped validation as 400 with its fields', () => {
    // Prepare
    const error = z.strictObject({ n: z.number() }).safeParse({ n: 'x' }).error!;

    // Act
    const response = errorResponse(error);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'n', rule: 'type' })]);
  });

  it.each([new Error('connect ECONNREFUSED 10.0.0.7:8000 table secret-table'), 'a string'])(
    'answers anything else with a generic 500 and logs it: %o',
    (error) => {
      // Prepare
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

      // Act
      const response = errorResponse(error, { routeKey: 'GET /plans', requestId: 'r-1' });

      // Assess
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('secret-table');
      expect(bodyOf(response)).toEqual({ error: 'internal', message: expect.stringMatching(/.+ \/ .+/) });
      const line = JSON.parse(logged.mock.calls[0]![0] as string);
      expect(line).toMatchObject({ level: 'error', routeKey: 'GET /plans', requestId: 'r-1' });
    },
  );

  it('answers an unavailable dependency with 503 and its bilingual message, and logs it', () => {
    // Prepare
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    // Act
    const response = errorResponse(new ServiceUnavailable('Try later', '请稍后再试'));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(bodyOf(response)).toEqual({ error: 'service_unavailable', message: 'Try later / 请稍后再试' });
    expect(logged).toHaveBeenCalledOnce();
  });

  it('answers a transient failure (throttled, a colliding transaction) with 503 and Retry-After, never a 500', () => {
    // Prepare
    vi.spyOn(console, 'error').mockImplementation(() => {});

    // Act
    const response = errorResponse(new RetryableError('breakdown start collided with another write'));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(bodyOf(response)).toEqual({ error: 'service_unavailable', message: 'The service is busy; please try again / 服务繁忙，请稍后重试' });
  });

  it.each(['ThrottlingException', 'TransactionConflictException', 'InternalServerError', 'TimeoutError'])(
    "answers the store's own passing failure %s with 503 and Retry-After, and logs it as a warning",
    (name) => {
      // Prepare
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const failure = Object.assign(new Error('the store said no'), { name });

      // Act
      const response = errorResponse(failure, { routeKey: 'POST /tasks/{taskId}/updates', requestId: 'r-2' });

      // Assess
      expect(response.statusCode).toBe(503);
      expect(response.headers).toMatchObject({ 'retry-after': '1' });
      expect(response.body).not.toContain('the store said no');
      expect(JSON.parse(warned.mock.calls[0]![0] as string)).toMatchObject({ level: 'warn', requestId: 'r-2', error: { name } });
    },
  );
});
