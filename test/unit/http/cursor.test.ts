import { describe, expect, it } from 'vitest';
import { cursorParam, decodeCursor, encodeCursor } from '../../../shared/http/cursor.js';

const key = { pk: 'TASK#p.g.u', sk: 'TASK', gsi2pk: 'UNIT#u', gsi2sk: '2024#2024-06-30#p.g.u' };

describe('cursor', () => {
  it('round-trips a LastEvaluatedKey as URL-safe text', () => {
    // Act
    const cursor = encodeCursor(key);

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor!)).toEqual(key);
  });

  it('is null on the last page', () => {
    // Act / Assess
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{pk:').toString('base64url')],
    ['an array', Buffer.from('["pk"]').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['empty object', Buffer.from('{}').toString('base64url')],
    ['a non-key attribute', Buffer.from(JSON.stringify({ pk: 'a', secret: 'b' })).toString('base64url')],
    ['a number value', Buffer.from(JSON.stringify({ pk: 1 })).toString('base64url')],
    ['a nested value', Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url')],
    ['too long', 'A'.repeat(3000)],
    ['empty', ''],
  ])('rejects %s', (_, cursor) => {
    // Act / Assess
    expect(decodeCursor(cursor)).toBeUndefined();
  });

  it('fails the cursor parameter with a bilingual problem naming its rule', () => {
    // Act
    const result = cursorParam.safeParse('garbage!');

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'custom', params: { rule: 'cursor' } });
  });
});
