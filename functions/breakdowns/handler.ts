import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { breakdownRoutes } from './routes.js';

const { BREAKDOWN_STATE_MACHINE_ARN } = requireEnv('TABLE_NAME', 'BREAKDOWN_STATE_MACHINE_ARN');
const routes = breakdownRoutes({ stateMachineArn: BREAKDOWN_STATE_MACHINE_ARN });

export const handler = httpHandler({
  'POST /plans/{planId}/breakdowns': routes.start,
  'GET /plans/{planId}/breakdowns/{executionId}': routes.get,
});
