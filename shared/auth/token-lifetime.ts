import type { Role } from './principal.js';

/**
 * How long a token lives (docs/decisions/0010-token-lifecycle.md): a unit's, a reviewer's or a viewer's
 * half a year, the people who work with it every week; an admin's a month, the most powerful and the
 * easiest to make again. No token lives longer than a year.
 */
export const DEFAULT_LIFETIME_DAYS: Record<Role, number> = { admin: 30, reviewer: 180, unit: 180, viewer: 180 };
export const MAX_LIFETIME_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A date without a time ends at midnight in the bureau's zone (China has one, without daylight saving). */
const DATE_ONLY_OFFSET = '+08:00';

/** What the caller asked for: a number of days, or a last day / an instant. Both absent: the role's default. */
export interface LifetimeRequest {
  role: Role;
  expiresInDays?: number;
  expiresAt?: string;
}

/** The instant a token made now stops working (ISO 8601, UTC). */
export function expiryOf(request: LifetimeRequest, now: Date): string {
  if (request.expiresAt !== undefined) return endOf(request.expiresAt).toISOString();
  const days = request.expiresInDays ?? DEFAULT_LIFETIME_DAYS[request.role];
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

/**
 * `2027-06-30` → the end of that day in China (`2027-07-01T00:00+08:00`); a full timestamp as it is.
 * The caller's schema has checked the text is one of the two.
 */
export function endOf(expiresAt: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expiresAt)) {
    const start = new Date(`${expiresAt}T00:00:00${DATE_ONLY_OFFSET}`);
    return new Date(start.getTime() + DAY_MS);
  }
  return new Date(expiresAt);
}

/** Whether an expiry is in the future and at most MAX_LIFETIME_DAYS away: the rule a request must meet. */
export function expiryProblem(expiresAt: Date, now: Date): 'past' | 'too_far' | undefined {
  if (expiresAt.getTime() <= now.getTime()) return 'past';
  if (expiresAt.getTime() - now.getTime() > MAX_LIFETIME_DAYS * DAY_MS) return 'too_far';
  return undefined;
}

export interface TokenTimes {
  expiresAt?: string;
  revokedAt?: string;
}

/** Why a stored token opens nothing any more, or undefined while it works. Revocation wins over expiry. */
export function tokenRefusal(token: TokenTimes, now: Date): 'token_revoked' | 'token_expired' | undefined {
  if (token.revokedAt !== undefined) return 'token_revoked';
  if (token.expiresAt === undefined || Date.parse(token.expiresAt) <= now.getTime()) return 'token_expired';
  return undefined;
}

/**
 * `lastUsedAt` is written at most once a day per token: on the first use of a UTC day. Returns the
 * start of today when the stored value is older (the write's condition), else undefined (no write).
 */
export function lastUseCutoff(lastUsedAt: string | undefined, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  if (lastUsedAt !== undefined && lastUsedAt.slice(0, 10) >= today) return undefined;
  return `${today}T00:00:00.000Z`;
}
