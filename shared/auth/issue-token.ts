import type { Clock } from '../clock/clock.js';
import { createToken, TokenIdTaken, type TokenRecord } from '../store/tokens-repo.js';
import type { Role } from './principal.js';
import { hashToken, newToken, tokenIdOf } from './token.js';
import { expiryOf, type LifetimeRequest } from './token-lifetime.js';

/** 48-bit ids: a repeat is one in 2^48 per pair; three tries make a failure impossible in practice. */
const ID_TRIES = 3;

export interface TokenRequest extends LifetimeRequest {
  role: Role;
  unitId?: string;
  label?: string;
  createdBy: string;
}

/**
 * Makes a token and stores its record (never the secret): for `POST /tokens`, the AWS bootstrap and the
 * local admin. The caller has checked the request; the secret is returned to be shown once.
 */
export async function issueToken(request: TokenRequest, clock: Clock): Promise<{ token: string; record: TokenRecord }> {
  const now = clock.now();
  for (let attempt = 1; ; attempt++) {
    const token = newToken();
    const tokenHash = hashToken(token);
    try {
      const record = await createToken({
        tokenId: tokenIdOf(tokenHash),
        tokenHash,
        role: request.role,
        ...(request.unitId ? { unitId: request.unitId } : {}),
        ...(request.label ? { label: request.label } : {}),
        createdAt: now.toISOString(),
        createdBy: request.createdBy,
        expiresAt: expiryOf(request, now),
      });
      return { token, record };
    } catch (error) {
      if (!(error instanceof TokenIdTaken) || attempt === ID_TRIES) throw error;
    }
  }
}
