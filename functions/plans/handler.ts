import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { getOrganisationRoute, putOrganisationRoute } from './organisation-routes.js';
import { getPlanRoute, importPlanRoute, listPlansRoute, planRevisionsRoute, planUnitsRoute } from './routes.js';

requireEnv('TABLE_NAME');

export const handler = httpHandler({
  'POST /plans': importPlanRoute,
  'GET /plans': listPlansRoute,
  'GET /plans/{planId}': getPlanRoute,
  'GET /plans/{planId}/units': planUnitsRoute,
  'GET /plans/{planId}/revisions': planRevisionsRoute,
  'GET /settings/organisation': getOrganisationRoute,
  'PUT /settings/organisation': putOrganisationRoute,
});
