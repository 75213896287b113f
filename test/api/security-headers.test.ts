import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { HSTS_VARIABLE } from '../../shared/http/security-headers.js';
import { startTestStack } from '../support/local-stack.js';

// The local HTTP API over real HTTP, with the real handlers and authorizer: what every answer carries.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${stack.url}${path}`, {
    ...init,
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
  });

describe('security headers', () => {
  it("are on the handlers' answers and the gateway's own, without HSTS over the local plain HTTP", async () => {
    // Act
    const answers = {
      ok: await call('/plans', { token: stack.adminToken }),
      invalid: await call('/plans', { method: 'POST', token: stack.adminToken, headers: { 'content-type': 'application/json' }, body: '{' }),
      noRoute: await call('/nowhere', { token: stack.adminToken }),
      noToken: await call('/plans'),
      refused: await call('/plans', { token: `gb_${'A'.repeat(43)}` }),
    };

    // Assess
    const seen = Object.fromEntries(
      Object.entries(answers).map(([name, answer]) => [
        name,
        {
          status: answer.status,
          nosniff: answer.headers.get('x-content-type-options'),
          referrer: answer.headers.get('referrer-policy'),
          hsts: answer.headers.get('strict-transport-security'),
        },
      ]),
    );
    const secure = { nosniff: 'nosniff', referrer: 'no-referrer', hsts: null };
    expect(seen).toEqual({
      ok: { status: 200, ...secure },
      invalid: { status: 400, ...secure },
      noRoute: { status: 404, ...secure },
      noToken: { status: 401, ...secure },
      refused: { status: 403, ...secure },
    });
    // The handlers run with the deployed configuration, so they did add HSTS: the plain-HTTP server dropped it.
    expect(process.env[HSTS_VARIABLE]).toBe('max-age=63072000; includeSubDomains');
  });
});
