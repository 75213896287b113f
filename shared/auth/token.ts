import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens are random secrets shown once; only their SHA-256 is stored, so a leaked table does not
 * leak working tokens. The prefix makes them recognisable to secret scanners and to people.
 */
export const TOKEN_PREFIX = 'gb_';
const TOKEN_BYTES = 32;
const tokenPattern = /^gb_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

export function isWellFormedToken(text: string): boolean {
  return tokenPattern.test(text);
}

/** Hex SHA-256 of the whole token; the token item's key. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A name for the token that is safe to log and store as `createdBy` / `importedBy`. */
export function tokenSubject(tokenHash: string): string {
  return `token:${tokenHash.slice(0, 12)}`;
}

/** `Authorization: Bearer <token>` → the token; undefined for any other form. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
