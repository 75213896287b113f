import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { createTokenRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({ 'POST /tokens': createTokenRoute });
