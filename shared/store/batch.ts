import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteWriteRequest,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '../domain/errors.js';
import { dynamo } from './client.js';
import { projectionOf } from './expressions.js';
import { isThrottling } from './faults.js';
import { mapWithConcurrency } from './pool.js';
import { tableName } from './table.js';

export type Item = Record<string, NativeAttributeValue>;
export type Key = { pk: string; sk: string };
export type WriteRequest = BatchWriteWriteRequest;

/** DynamoDB's own limits per request. */
const WRITE_CHUNK = 25;
const GET_CHUNK = 100;

export interface BackoffOptions {
  /** Requests per chunk before giving up with RetryableError (the workflow then retries the whole step). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Chunks in flight at once. */
  concurrency?: number;
  /** Injectable so tests don't wait. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaults: Required<BackoffOptions> = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  concurrency: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Capped exponential backoff with full jitter: spreads retrying writers instead of having them collide again. */
export function backoffDelay(attempt: number, options: Required<BackoffOptions>): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(options.random() * cap);
}

/** Writes every request (puts and deletes), 25 per BatchWriteItem, until nothing is left unprocessed. */
export async function batchWriteAll(requests: readonly WriteRequest[], options: BackoffOptions = {}): Promise<void> {
  const settings = { ...defaults, ...options };
  const table = tableName();
  await mapWithConcurrency(chunk(requests, WRITE_CHUNK), settings.concurrency, (requestChunk) =>
    untilProcessed(requestChunk, settings, async (pending) => {
      const output = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      return output.UnprocessedItems?.[table] ?? [];
    }),
  );
}

export interface BatchGetOptions extends BackoffOptions {
  consistentRead?: boolean;
  /** Attribute names to return (include `pk` if you need to tell items apart); all when omitted. */
  projection?: readonly string[];
}

/** Reads the items of `keys` (duplicates allowed), 100 per BatchGetItem; missing items are simply absent. */
export async function batchGetAll(keys: readonly Key[], options: BatchGetOptions = {}): Promise<Item[]> {
  const settings = { ...defaults, ...options };
  const table = tableName();
  const projection = options.projection?.length ? projectionOf(options.projection) : {};
  const found: Item[] = [];
  await mapWithConcurrency(chunk(uniqueKeys(keys), GET_CHUNK), settings.concurrency, (keyChunk) =>
    untilProcessed(keyChunk, settings, async (pending) => {
      const output = await dynamo().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistentRead ?? false, ...projection } },
        }),
      );
      found.push(...(output.Responses?.[table] ?? []));
      return (output.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }),
  );
  return found;
}

/**
 * Sends `pending` until the service has processed all of it, backing off after throttling or a partial
 * answer; `send` returns what is left unprocessed.
 */
async function untilProcessed<T>(
  pending: T[],
  settings: Required<BackoffOptions>,
  send: (pending: T[]) => Promise<T[]>,
): Promise<void> {
  for (let attempt = 0; attempt < settings.maxAttempts; attempt++) {
    if (attempt > 0) await settings.sleep(backoffDelay(attempt, settings));
    try {
      pending = await send(pending);
      if (pending.length === 0) return;
    } catch (error) {
      if (!isThrottling(error)) throw error;
    }
  }
  throw new RetryableError(`${pending.length} batch request(s) still unprocessed after ${settings.maxAttempts} attempts`);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** BatchGetItem rejects a request that names one key twice. */
function uniqueKeys(keys: readonly Key[]): Key[] {
  const seen = new Map<string, Key>();
  for (const key of keys) seen.set(`${key.pk}\u0000${key.sk}`, { pk: key.pk, sk: key.sk });
  return [...seen.values()];
}
