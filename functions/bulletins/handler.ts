import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { bulletinRoutes } from './routes.js';

const { BUCKET_NAME } = requireEnv('TABLE_NAME', 'BUCKET_NAME');
const routes = bulletinRoutes({ bucket: BUCKET_NAME });

export const handler = httpHandler({
  'GET /bulletins/{month}': routes.get,
});
