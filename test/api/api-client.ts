import { expect, vi } from 'vitest';
import { undocumentedIn } from './documented-answers.js';

/** An answer of the HTTP API: its status and its parsed JSON body. */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface CallOptions {
  /** Bearer token; no Authorization header without it. */
  token?: string;
  /** Sent as JSON unless `contentType` says otherwise (then sent as is, a string). */
  body?: unknown;
  contentType?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface BreakdownRun {
  executionId: string;
  status: string;
  goalsTotal: number;
  goalsDone: number;
  tasks: { created: number; updated: number; unchanged: number; withdrawn: number };
}

/** Real HTTP against a running stack (`createLocalStack().url`), the way any client calls it. */
export function apiClient(baseUrl: string) {
  async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const { token, body, contentType = 'application/json' } = options;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    // Every 2xx answer as a client generated from the OpenAPI document reads it.
    expect(undocumentedIn(method, path, response.status, parsed), `${method} ${path} answered outside the OpenAPI document`).toEqual([]);
    return { status: response.status, body: parsed as T };
  }

  /** Every item of a list, following `nextCursor` to the end. */
  async function allPages<T>(path: string, token: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: ApiResponse<Page<T>> = await call('GET', cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path, { token });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** Polls the run until it is no longer RUNNING, as a client of the API would. */
  async function finishedBreakdown(planId: string, executionId: string, token: string): Promise<BreakdownRun> {
    return vi.waitFor(
      async () => {
        const run = await call<BreakdownRun>('GET', `/plans/${planId}/breakdowns/${executionId}`, { token });
        expect(run.status).toBe(200);
        expect(run.body.status).not.toBe('RUNNING');
        return run.body;
      },
      // Generous: in a whole run on 2 cores a breakdown has taken tens of seconds.
      { timeout: 60_000, interval: 50 },
    );
  }

  return { call, allPages, finishedBreakdown };
}

export type ApiClient = ReturnType<typeof apiClient>;
