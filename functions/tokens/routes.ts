import { issueToken } from '../../shared/auth/issue-token.js';
import { endOf, expiryProblem, MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { systemClock } from '../../shared/clock/clock.js';
import { InvalidInput } from '../../shared/domain/errors.js';
import { jsonBody } from '../../shared/http/body.js';
import { notFound } from '../../shared/http/errors.js';
import { json, type HttpResponse } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { findUnitInPlans } from '../../shared/store/plans-repo.js';
import { listTokens, revokeToken, type TokenRecord } from '../../shared/store/tokens-repo.js';
import { CreateTokenBody, ListTokensQuery, TokenParams } from './schema.js';

/** The secret is answered once, here; only its hash is stored (and a replay never sees it: handler.ts). */
export const createTokenRoute = route({
  action: 'token:create',
  body: jsonBody(CreateTokenBody),
  handle: async ({ body, principal }) => {
    if (body.expiresAt !== undefined) checkExpiry(body.expiresAt, systemClock.now());
    if (body.unitId !== undefined && !(await findUnitInPlans(body.unitId))) throw unknownUnit(body.unitId);
    const { token, record } = await issueToken({ ...body, createdBy: principal.subject ?? principal.role }, systemClock);
    return json(201, { token, ...tokenMetadata(record) });
  },
});

export const listTokensRoute = route({
  action: 'token:list',
  query: ListTokensQuery,
  handle: async ({ query }) => json(200, { items: (await listTokens(query)).map(tokenMetadata) }),
});

/** Revoking twice answers the first revocation: the token stays revoked from that moment. */
export const revokeTokenRoute = route({
  action: 'token:revoke',
  params: TokenParams,
  handle: async ({ params, principal }) => {
    const revoked = await revokeToken(params.tokenId, principal.subject ?? principal.role, systemClock.now().toISOString());
    if (!revoked) throw notFound();
    return json(200, tokenMetadata(revoked));
  },
});

/**
 * What `POST /tokens` with an `Idempotency-Key` keeps for a replay: never the secret, which exists only in
 * the first answer. The replay is told a token was already issued for this key, and which.
 */
export function tokenReplay(created: HttpResponse): HttpResponse {
  const { tokenId } = JSON.parse(String(created.body)) as { tokenId: string };
  return json(409, {
    error: 'token_already_issued',
    message:
      `A token (${tokenId}) was already issued for this Idempotency-Key; its secret is shown only once. Revoke it if it was lost, and create a new one with a new key` +
      ` / 该 Idempotency-Key 已签发过令牌（${tokenId}），令牌只显示一次；如已丢失，请吊销后用新的键重新创建`,
    tokenId,
  });
}

/** Everything about a token but its secret and hash. */
export function tokenMetadata(record: TokenRecord) {
  return {
    tokenId: record.tokenId,
    role: record.role,
    unitId: record.unitId ?? null,
    label: record.label ?? null,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt ?? null,
    lastUsedAt: record.lastUsedAt ?? null,
    revokedAt: record.revokedAt ?? null,
    revokedBy: record.revokedBy ?? null,
  };
}

function checkExpiry(expiresAt: string, now: Date): void {
  const problem = expiryProblem(endOf(expiresAt), now);
  if (problem === 'past') {
    throw new InvalidInput([{ path: 'expiresAt', rule: 'past', message: 'Must be in the future', messageZh: '过期时间必须晚于当前时间' }]);
  }
  if (problem === 'too_far') {
    throw new InvalidInput([
      { path: 'expiresAt', rule: 'too_far', message: `Must be at most ${MAX_LIFETIME_DAYS} days away`, messageZh: `有效期最长为 ${MAX_LIFETIME_DAYS} 天` },
    ]);
  }
}

function unknownUnit(unitId: string): InvalidInput {
  return new InvalidInput([
    { path: 'unitId', rule: 'unknown_unit', message: `No plan has a unit ${unitId}`, messageZh: `没有任何计划包含单位 ${unitId}` },
  ]);
}
