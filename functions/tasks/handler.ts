import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { planTasksRoute, taskRoute, unitTasksRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({
  'GET /plans/{planId}/tasks': planTasksRoute,
  'GET /units/{unitId}/tasks': unitTasksRoute,
  'GET /tasks/{taskId}': taskRoute,
});
