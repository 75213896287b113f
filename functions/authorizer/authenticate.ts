import { Principal } from '../../shared/auth/principal.js';
import { bearerToken, hashToken, isWellFormedToken, tokenIdOf, tokenSubject } from '../../shared/auth/token.js';
import { lastUseCutoff, tokenRefusal } from '../../shared/auth/token-lifetime.js';
import type { Clock } from '../../shared/clock/clock.js';
import { log } from '../../shared/http/log.js';
import { findToken, recordTokenUse } from '../../shared/store/tokens-repo.js';
import { timingSafeEqual } from 'node:crypto';

/**
 * What every route finds in `requestContext.authorizer.lambda` (see shared/auth/principal.ts). A revoked or
 * expired token is let through with `refused` set, so that the route answers 401 saying which: the
 * gateway's own refusal (403) cannot say why.
 */
export type AuthorizerContext = {
  role: string;
  unitId?: string;
  subject: string;
  tokenId: string;
  expiresAt: string;
  refused?: 'token_revoked' | 'token_expired';
};
/** The payload 2.0 simple response. */
export type AuthorizerResult = { isAuthorized: false } | { isAuthorized: true; context: AuthorizerContext };

const deny: AuthorizerResult = { isAuthorized: false };

/**
 * `Authorization: Bearer gb_…` → the token's principal. A token nobody issued is simply not authorized
 * (the HTTP API answers 403): the caller learns nothing about why.
 */
export async function authenticate(authorization: string | undefined, clock: Clock): Promise<AuthorizerResult> {
  const token = bearerToken(authorization);
  if (!token || !isWellFormedToken(token)) return deny;
  const tokenHash = hashToken(token);
  const tokenId = tokenIdOf(tokenHash);
  const record = await findToken(tokenId);
  if (!record || !sameHash(record.tokenHash, tokenHash)) return deny;
  // A stored record that no longer makes a valid principal (e.g. a unit token without unit) opens nothing.
  const principal = Principal.safeParse({ role: record.role, unitId: record.unitId, subject: tokenSubject(tokenHash) });
  if (!principal.success || record.expiresAt === undefined) return deny;
  const now = clock.now();
  const refused = tokenRefusal(record, now);
  if (!refused) await noteUse(tokenId, record.lastUsedAt, now);
  const { role, unitId, subject } = principal.data;
  return {
    isAuthorized: true,
    context: { role, ...(unitId ? { unitId } : {}), subject: subject as string, tokenId, expiresAt: record.expiresAt, ...(refused ? { refused } : {}) },
  };
}

/** The id is a prefix of the hash: the whole hash must match too, compared in constant time. */
function sameHash(stored: string, presented: string): boolean {
  return stored.length === presented.length && timingSafeEqual(Buffer.from(stored), Buffer.from(presented));
}

/** `lastUsedAt`, once a day; a failure to record it must not lock a valid token out. */
async function noteUse(tokenId: string, lastUsedAt: string | undefined, now: Date): Promise<void> {
  const cutoff = lastUseCutoff(lastUsedAt, now);
  if (cutoff === undefined) return;
  try {
    await recordTokenUse(tokenId, now.toISOString(), cutoff);
  } catch (error) {
    log.warn('could not record the token use', { tokenId, error: error instanceof Error ? error.name : String(error) });
  }
}
