import { Principal } from '../../shared/auth/principal.js';
import { bearerToken, hashToken, isWellFormedToken, tokenSubject } from '../../shared/auth/token.js';
import { findToken } from '../../shared/store/tokens-repo.js';

/** What every route finds in `requestContext.authorizer.lambda` (see shared/auth/principal.ts). */
export type AuthorizerContext = { role: string; unitId?: string; subject: string };
/** The payload 2.0 simple response. */
export type AuthorizerResult = { isAuthorized: false } | { isAuthorized: true; context: AuthorizerContext };

const deny: AuthorizerResult = { isAuthorized: false };

/**
 * `Authorization: Bearer gb_…` → the token's principal. Anything else is simply not authorized
 * (the HTTP API answers 403): the caller learns nothing about why.
 */
export async function authenticate(authorization: string | undefined): Promise<AuthorizerResult> {
  const token = bearerToken(authorization);
  if (!token || !isWellFormedToken(token)) return deny;
  const tokenHash = hashToken(token);
  const record = await findToken(tokenHash);
  if (!record) return deny;
  // A stored record that no longer makes a valid principal (e.g. a unit token without unit) opens nothing.
  const principal = Principal.safeParse({ role: record.role, unitId: record.unitId, subject: tokenSubject(tokenHash) });
  if (!principal.success) return deny;
  const { role, unitId, subject } = principal.data;
  return { isAuthorized: true, context: { role, ...(unitId ? { unitId } : {}), subject: subject as string } };
}
