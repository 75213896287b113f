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

/** Hex SHA-256 of the whole token: all that is stored of it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The token's public name and the key of its item: the first 12 hex digits of its hash (48 bits, not
 * enough to find the token, plenty to tell a bureau's tokens apart; creation refuses a repeat).
 */
export function tokenIdOf(tokenHash: string): string {
  return tokenHash.slice(0, 12);
}

export const tokenIdPattern = /^[0-9a-f]{12}$/;

/** A name for the token that is safe to log and store as `createdBy` / `importedBy`. */
export function tokenSubject(tokenHash: string): string {
  return `token:${tokenIdOf(tokenHash)}`;
}

/** `Authorization: Bearer <token>` → the token; undefined for any other form. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
