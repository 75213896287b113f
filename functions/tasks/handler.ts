import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { closeoutRoute, closeRoute, reopenRoute, reportRoute, reviewRoute } from './change-routes.js';
import { attachEvidenceRoute, evidenceDownloadRoute } from './evidence-routes.js';
import { decideExtensionRoute, pendingExtensionsRoute, requestExtensionRoute } from './extension-routes.js';
import { summaryRoute } from './summary-route.js';
import { historyRoute, myTasksRoute, planTasksRoute, taskRoute, unitTasksRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({
  'GET /plans/{planId}/tasks': planTasksRoute,
  'GET /plans/{planId}/summary': summaryRoute,
  'GET /units/{unitId}/tasks': unitTasksRoute,
  'GET /tasks/{taskId}': taskRoute,
  'GET /tasks/{taskId}/history': historyRoute,
  'POST /tasks/{taskId}/updates': reportRoute,
  'POST /tasks/{taskId}/closeout': closeoutRoute,
  'POST /tasks/{taskId}/review': reviewRoute,
  'POST /tasks/{taskId}/close': closeRoute,
  'POST /tasks/{taskId}/reopen': reopenRoute,
  'POST /tasks/{taskId}/evidence': attachEvidenceRoute,
  'GET /tasks/{taskId}/evidence/{evidenceId}': evidenceDownloadRoute,
  'POST /tasks/{taskId}/extensions': requestExtensionRoute,
  'GET /extensions': pendingExtensionsRoute,
  'POST /extensions/{extensionId}/decision': decideExtensionRoute,
  'GET /me/tasks': myTasksRoute,
});
