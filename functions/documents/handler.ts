import { requireEnv } from '../../shared/config/env.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { ledgerRoute } from './ledger-route.js';

requireEnv('TABLE_NAME');

/**
 * The files people download (the 台账 workbook): a function of their own, because the workbook library
 * weighs a megabyte that the task routes, called on every page, should not load.
 */
export const handler = httpHandler({
  'GET /plans/{planId}/ledger': ledgerRoute,
});
