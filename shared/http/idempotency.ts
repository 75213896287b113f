import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { InvalidInput } from '../domain/errors.js';
import { dynamo } from '../store/client.js';
import { tableName } from '../store/table.js';
import { header, type HttpEvent } from './event.js';
import { describeError, log } from './log.js';
import type { HttpResponse } from './response.js';

/*
 * `Idempotency-Key` on POSTs (docs/architecture.md, "HTTP API: every route", Idempotency; docs/decisions/0008-idempotency.md):
 * a retry with the same key, caller and body gets the first 2xx answer again and runs nothing. Records
 * live in the one table, Powertools' layout: pk `IDEMPOTENCY`, sk `<function>#<hash>`, TTL `expiresAt`.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The partition of every idempotency record (Powertools' `staticPkValue`). */
export const IDEMPOTENCY_PARTITION = 'IDEMPOTENCY';
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 60 * 60;

/** 1–128 printable ASCII characters (space to tilde). */
const keyPattern = /^[\x20-\x7e]{1,128}$/;

/**
 * What a record is keyed on: the caller as the authorizer resolved it, the route, the path (its ids) and
 * the key. `headers."idempotency-key" && …` is null without the header, which Powertools treats as
 * "no key" and skips; the middleware below never hands it such a request anyway.
 */
const EVENT_KEY = `headers."${IDEMPOTENCY_HEADER}" && [requestContext.authorizer.lambda, routeKey, rawPath, headers."${IDEMPOTENCY_HEADER}"]`;

/** `request.internal` flag: this request took a record (Powertools' own `before` went through). */
const TOOK_RECORD = 'app.idempotency.tookRecord';

type HttpRequest = Request<HttpEvent, HttpResponse, Error, Context>;

/**
 * Per route key, the answer a replay gets instead of the first one: for answers that carry a secret
 * (a new token), which must not be stored in the record (docs/decisions/0010-token-lifecycle.md).
 */
export type Replays = Record<string, (first: HttpResponse) => HttpResponse>;
type Inner = MiddlewareObj<HttpEvent, HttpResponse, Error, Context>;

/**
 * Powertools' middy middleware, wrapped so that:
 * - only POSTs that carry `Idempotency-Key` take part (a GET, or a POST without the header, is never
 *   deduplicated: Powertools' own check lets a `false` key through and would hash every GET alike);
 * - the header is checked first (400 naming `Idempotency-Key`);
 * - the record is deleted only when this request took it and then failed: Powertools' `onError` would
 *   otherwise also delete the *first* request's record when a retry is refused (another body, still in
 *   progress);
 * - only 2xx answers are kept; any other answer deletes the record, so the retry runs again;
 * - a failure to complete the record does not turn a done request into an error (see the decision note).
 *
 * The persistence layer is built at the first request, for the table then named by `TABLE_NAME` and
 * the function then running (its name is the key prefix), on the process's DynamoDB client.
 */
export function idempotency(replays: Replays = {}): MiddlewareObj<HttpEvent, HttpResponse> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: EVENT_KEY,
    // The body text as sent; `''` for none (Powertools cannot hash a missing value).
    payloadValidationJmesPath: `body || ''`,
    throwOnNoIdempotencyKey: false,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
    hashFunction: 'sha256',
  });
  const inners = new Map<string, Inner>();

  function innerFor(context: Context | undefined): Inner {
    const table = tableName();
    const functionName = context?.functionName || undefined;
    const cacheKey = `${table}\n${functionName ?? ''}`;
    let inner = inners.get(cacheKey);
    if (!inner) {
      const persistenceStore = new DynamoDBPersistenceLayer({
        tableName: table,
        keyAttr: 'pk',
        sortKeyAttr: 'sk',
        staticPkValue: IDEMPOTENCY_PARTITION,
        expiryAttr: 'expiresAt',
        // A document client sends plain DynamoDB commands unchanged, through the same endpoint and retries.
        awsSdkV3Client: dynamo() as unknown as DynamoDBClient,
      });
      inner = makeHandlerIdempotent({ persistenceStore, config, ...(functionName ? { keyPrefix: functionName } : {}) }) as Inner;
      inners.set(cacheKey, inner);
    }
    return inner;
  }

  return {
    before: async (request: HttpRequest) => {
      const { event } = request;
      const method = event.requestContext?.http?.method ?? event.routeKey?.split(' ')[0];
      if (method !== 'POST') return;
      const key = header(event, IDEMPOTENCY_HEADER);
      if (key === undefined) return;
      if (!keyPattern.test(key)) throw invalidKey();
      // The key expression reads the lower-case name, as HTTP API sends it; a hand-made event may differ.
      event.headers = { ...event.headers, [IDEMPOTENCY_HEADER]: key };

      const cached = await innerFor(request.context).before!(request);
      if (cached !== undefined) return cached;
      flags(request)[TOOK_RECORD] = true;
    },

    after: async (request: HttpRequest) => {
      if (flags(request)[TOOK_RECORD] !== true) return;
      const inner = innerFor(request.context);
      const response = request.response;
      if (response && response.statusCode >= 200 && response.statusCode < 300) {
        const replay = Object.hasOwn(replays, request.event.routeKey) ? replays[request.event.routeKey]! : undefined;
        // Stored as DynamoDB holds it and Lambda sends it: plain JSON. Powertools stores `request.response`.
        request.response = JSON.parse(JSON.stringify(replay ? replay(response) : response)) as HttpResponse;
        await inner.after!(request).catch((error: unknown) =>
          log.error('could not complete the idempotency record; a retry may run again once it expires', {
            routeKey: request.event.routeKey,
            error: describeError(error),
          }),
        );
        if (replay) request.response = response;
      } else {
        await release(inner, request);
      }
    },

    onError: async (request: HttpRequest) => {
      if (flags(request)[TOOK_RECORD] !== true) return;
      await release(innerFor(request.context), request);
    },
  };
}

/** Deletes the request's record so that a retry runs again; a failure is logged, the answer stands. */
async function release(inner: Inner, request: HttpRequest): Promise<void> {
  flags(request)[TOOK_RECORD] = false;
  try {
    await inner.onError!(request);
  } catch (error) {
    log.error('could not delete the idempotency record; a retry is refused until it expires', {
      routeKey: request.event.routeKey,
      error: describeError(error),
    });
  }
}

const flags = (request: HttpRequest) => request.internal as Record<string, unknown>;

function invalidKey(): InvalidInput {
  return new InvalidInput([
    {
      path: 'Idempotency-Key',
      rule: 'pattern',
      message: 'Must be 1 to 128 printable ASCII characters',
      messageZh: '应为 1 至 128 个可打印的 ASCII 字符',
    },
  ]);
}
