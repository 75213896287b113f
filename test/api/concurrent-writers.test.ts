import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// Fifty writers at one task, each at the version it read: every answer is either applied (and in the
// audit trail) or a 409, and the task's version counts exactly the applied ones. Nothing is lost.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TASK = 'cixi-2022.water-stations.hushan';
const WRITERS = 50;
const BUSY_ATTEMPTS = 5;
/** What the API's 503 says in Retry-After. */
const RETRY_AFTER_MS = 1000;

/** The server's error log lines while the writers run (the stack runs in this process): what a 500 was. */
function captureServerErrors(): unknown[] {
  const lines: unknown[] = [];
  const original = console.error;
  vi.spyOn(console, 'error').mockImplementation((line: unknown, ...rest: unknown[]) => {
    lines.push(line);
    original(line, ...rest);
  });
  return lines;
}

let stack: LocalStack;
let api: ApiClient;
let hushan: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-08-01T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  const admin = stack.adminToken;
  await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, admin);
  hushan = (await api.call('POST', '/tokens', { token: admin, body: { role: 'unit', unitId: 'hushan' } })).body.token;
});

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

describe('fifty concurrent writers on one task', () => {
  it('apply or refuse each write with 409; the audit trail holds every applied one and nothing else', async () => {
    // Prepare: half of them read the task at once (the same version), the rest read while others write. A 503
    // (busy: nothing written) is sent again after its Retry-After, as a client does.
    const serverErrors = captureServerErrors();
    const writer = async (n: number) => {
      // A read is sent again after a server error, as a client does (seen only on a machine loaded by other work:
      // the token's lookup timed out in the authorizer, a 500 before any function ran); a read that still fails
      // says so, rather than writing without a version.
      let { status: read, body: task } = await api.call('GET', `/tasks/${TASK}`, { token: hushan });
      for (let attempt = 1; read >= 500 && attempt < BUSY_ATTEMPTS; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
        ({ status: read, body: task } = await api.call('GET', `/tasks/${TASK}`, { token: hushan }));
      }
      if (read !== 200) return { n, status: read, body: { read: task } };
      for (let attempt = 1; ; attempt++) {
        const answer = await api.call('POST', `/tasks/${TASK}/updates`, { token: hushan, body: { asOf: '2022-07-31', done: n, version: task.version } });
        if (answer.status !== 503 || attempt === BUSY_ATTEMPTS) return { n, status: answer.status, body: answer.body };
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      }
    };

    // Act
    const answers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i + 1)));

    // Assess
    const applied = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 409);
    expect(applied.length + refused.length, JSON.stringify({ unexpected, serverErrors })).toBe(WRITERS);
    expect(applied.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.body.error === 'stale_version')).toBe(true);

    const events = await api.allPages<{ type: string; version: number; to: { progress: { done: number } } }>(`/tasks/${TASK}/history`, hushan);
    expect(events.map((e) => e.to.progress.done).sort((a, b) => a - b)).toEqual(applied.map((a) => a.n).sort((a, b) => a - b));
    expect(events.map((e) => e.version)).toEqual(applied.map((_, i) => i + 2));
    expect(new Set(applied.map((a) => a.body.version)).size).toBe(applied.length);

    const { body: final } = await api.call('GET', `/tasks/${TASK}`, { token: hushan });
    expect(final.version).toBe(1 + applied.length);
    expect(final.progress.done).toBe(events.at(-1)!.to.progress.done);
  });
});
