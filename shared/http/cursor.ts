import * as z from 'zod';

/** A DynamoDB LastEvaluatedKey of the single table: key attributes only, all strings. */
export type PageKey = Record<string, string>;

const MAX_CURSOR_LENGTH = 2048;
const keyAttribute = /^(pk|sk|gsi[1-9](pk|sk))$/;
const base64url = /^[A-Za-z0-9_-]+$/;

/** The opaque `nextCursor` of a list: base64url of the page's LastEvaluatedKey, or null on the last page. */
export function encodeCursor(key: PageKey | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/**
 * Reads a cursor back; undefined when it is not one we could have written. The key is checked only
 * for shape here: the query that resumes from it checks it belongs to its index and partition.
 */
export function decodeCursor(cursor: string): PageKey | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !base64url.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  const wellFormed =
    entries.length > 0 &&
    entries.every(([name, v]) => keyAttribute.test(name) && typeof v === 'string' && v.length > 0 && v.length <= 1024);
  return wellFormed ? (value as PageKey) : undefined;
}

/** The `cursor` query parameter, decoded; a forged or garbled one is a 400 naming `cursor`. */
export const cursorParam = z.string().transform((text, ctx) => {
  const key = decodeCursor(text);
  if (!key) {
    ctx.addIssue({
      code: 'custom',
      message: 'Not a cursor returned by this API',
      params: { rule: 'cursor', messageZh: '分页游标无效，请使用接口返回的 nextCursor' },
    });
    return z.NEVER;
  }
  return key;
});
