import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { markReadRoute, notificationsRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({
  'GET /me/notifications': notificationsRoute,
  'POST /me/notifications/read': markReadRoute,
});
