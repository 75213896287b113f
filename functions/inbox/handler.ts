import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { markReadRoute, meRoute, notificationsRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({
  'GET /me': meRoute,
  'GET /me/notifications': notificationsRoute,
  'POST /me/notifications/read': markReadRoute,
});
