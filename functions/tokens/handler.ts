import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { createTokenRoute, listTokensRoute, revokeTokenRoute, tokenReplay } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler(
  { 'POST /tokens': createTokenRoute, 'GET /tokens': listTokensRoute, 'DELETE /tokens/{tokenId}': revokeTokenRoute },
  { replays: { 'POST /tokens': tokenReplay } },
);
