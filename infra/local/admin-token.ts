import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken, isWellFormedToken, newToken } from '../../shared/auth/token.js';
import { systemClock } from '../../shared/clock/clock.js';
import { createToken, findToken } from '../../shared/store/tokens-repo.js';

const CREATED_BY = 'local-runtime';

/**
 * The local admin's bearer token, through the same token store the API uses. With a data dir it is
 * kept in `<dataDir>/admin-token` (mode 600) and reused on restart; its record is recreated if the
 * table lost it. Call after the handlers' environment (TABLE_NAME, DYNAMODB_ENDPOINT) is in place.
 */
export async function ensureAdminToken(dataDir: string | undefined): Promise<string> {
  const file = dataDir === undefined ? undefined : join(dataDir, 'admin-token');
  const saved = file !== undefined && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  const token = saved !== undefined && isWellFormedToken(saved) ? saved : newToken();
  const tokenHash = hashToken(token);
  if (!(await findToken(tokenHash))) {
    await createToken({ tokenHash, role: 'admin', label: 'local admin / 本地管理员', createdBy: CREATED_BY }, systemClock);
  }
  if (file !== undefined && token !== saved) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return token;
}
