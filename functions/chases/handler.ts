import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { chaseRoutes } from './routes.js';

const { CHASE_STATE_MACHINE_ARN } = requireEnv('TABLE_NAME', 'CHASE_STATE_MACHINE_ARN');
const routes = chaseRoutes({ stateMachineArn: CHASE_STATE_MACHINE_ARN });

export const handler = httpHandler({
  'POST /chases': routes.start,
  'GET /chases/{executionId}': routes.get,
});
