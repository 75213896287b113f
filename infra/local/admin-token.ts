import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '../../shared/auth/issue-token.js';
import { hashToken, isWellFormedToken, tokenIdOf } from '../../shared/auth/token.js';
import { tokenRefusal } from '../../shared/auth/token-lifetime.js';
import { systemClock } from '../../shared/clock/clock.js';
import { findToken } from '../../shared/store/tokens-repo.js';

const CREATED_BY = 'local-runtime';

/**
 * The local admin's bearer token, through the same token store the API uses. With a data dir it is
 * kept in `<dataDir>/admin-token` (mode 600, the one file a secret may be kept in) and reused on restart
 * while it works; once it is revoked, expired (an admin's token lives 30 days) or lost from the table, a
 * new one replaces it. Call after the handlers' environment (TABLE_NAME, DYNAMODB_ENDPOINT) is in place.
 */
export async function ensureAdminToken(dataDir: string | undefined, options: { expiresInDays?: number } = {}): Promise<string> {
  const file = dataDir === undefined ? undefined : join(dataDir, 'admin-token');
  const saved = file !== undefined && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  if (saved !== undefined && isWellFormedToken(saved) && (await stillWorks(saved))) return saved;
  const { token } = await issueToken(
    { role: 'admin', label: 'local admin / 本地管理员', createdBy: CREATED_BY, ...options },
    systemClock,
  );
  if (file !== undefined) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return token;
}

async function stillWorks(token: string): Promise<boolean> {
  const tokenHash = hashToken(token);
  const record = await findToken(tokenIdOf(tokenHash));
  return record !== undefined && record.tokenHash === tokenHash && tokenRefusal(record, systemClock.now()) === undefined;
}
