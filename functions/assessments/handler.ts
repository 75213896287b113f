import { systemClock } from '../../shared/clock/clock.js';
import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { inputRoutes } from './input-routes.js';
import { runRoutes } from './run-routes.js';

const { ASSESSMENT_STATE_MACHINE_ARN, BUCKET_NAME } = requireEnv('TABLE_NAME', 'ASSESSMENT_STATE_MACHINE_ARN', 'BUCKET_NAME');
const deps = { stateMachineArn: ASSESSMENT_STATE_MACHINE_ARN, bucket: BUCKET_NAME, clock: systemClock };
const runs = runRoutes(deps);
const inputs = inputRoutes(deps);

export const handler = httpHandler({
  'POST /assessments': runs.start,
  'GET /assessments/{year}': runs.published,
  'GET /assessments/{year}/runs/{runId}': runs.getRun,
  'GET /assessments/{year}/units/{unitId}': runs.unit,
  'PUT /assessments/{year}/actuals': inputs.putActuals,
  'GET /assessments/{year}/actuals': inputs.listActuals,
  'POST /assessments/{year}/adjustments': inputs.addAdjustment,
  'GET /assessments/{year}/adjustments': inputs.listAdjustments,
  'POST /assessments/{year}/appeals': inputs.file,
  'GET /assessments/{year}/appeals': inputs.listAppeals,
  'POST /assessments/{year}/appeals/{appealId}/decision': inputs.decide,
  'POST /assessments/{year}/disclosure': inputs.discloseYear,
  'POST /plans/{planId}/disclosure': inputs.disclosePlan,
});
