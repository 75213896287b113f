import { afterEach, describe, expect, it, vi } from 'vitest';
import { HSTS_VARIABLE } from '../../../shared/http/security-headers.js';

// response.ts reads its configuration once, at load: each case loads a fresh copy under its environment.
async function loadResponseModule(hsts: string | undefined) {
  vi.stubEnv(HSTS_VARIABLE, hsts);
  vi.resetModules();
  return import('../../../shared/http/response.js');
}

describe('json', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answers with nosniff and no-referrer, which the caller cannot drop, and no HSTS when not deployed', async () => {
    // Prepare
    const { json } = await loadResponseModule(undefined);

    // Act
    const response = json(200, { ok: true }, { 'cache-control': 'no-store', 'x-content-type-options': 'sniff-away' });

    // Assess
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });

  it('adds Strict-Transport-Security with the deployed value', async () => {
    // Prepare
    const { json } = await loadResponseModule('max-age=63072000; includeSubDomains');

    // Act
    const response = json(404, { error: 'not_found' });

    // Assess
    expect(response.headers).toMatchObject({
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });

  it.each(['yes', 'max-age=two years', 'max-age=63072000;includeSubDomains'])('refuses to load with a malformed value: %s', async (value) => {
    // Act
    const loading = loadResponseModule(value);

    // Assess
    await expect(loading).rejects.toThrow(HSTS_VARIABLE);
  });
});
