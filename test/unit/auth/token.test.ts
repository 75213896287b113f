import { describe, expect, it } from 'vitest';
import { bearerToken, hashToken, isWellFormedToken, newToken, tokenSubject } from '../../../shared/auth/token.js';

describe('tokens', () => {
  it('are random, prefixed and recognised', () => {
    // Act
    const first = newToken();
    const second = newToken();

    // Assess
    expect(first).toMatch(/^gb_/);
    expect(first).not.toBe(second);
    expect(isWellFormedToken(first)).toBe(true);
    expect(isWellFormedToken(`${first}x`)).toBe(false);
    expect(isWellFormedToken('gb_short')).toBe(false);
  });

  it('are stored as a SHA-256 hex digest and named by a prefix of it', () => {
    // Act
    const hash = hashToken('gb_example');

    // Assess
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashToken('gb_example'));
    expect(tokenSubject(hash)).toBe(`token:${hash.slice(0, 12)}`);
  });

  it.each([
    ['Bearer gb_abc', 'gb_abc'],
    ['bearer   gb_abc', 'gb_abc'],
    ['Basic gb_abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %j', (header, token) => {
    // Act / Assess
    expect(bearerToken(header)).toBe(token);
  });
});
