import { systemClock } from '../../shared/clock/clock.js';
import { exportLedger } from '../../shared/documents/ledger-export.js';
import { download } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { LedgerParams, LedgerQuery } from './ledger-schema.js';

/**
 * `GET /plans/{planId}/ledger`: the plan's 台账 as a file. Read as the plan's task list is: the staff get
 * every unit's rows (or one unit's), a unit only its own, whatever `unitId` it sends.
 */
export const ledgerRoute = route({
  action: 'task:listByPlan',
  params: LedgerParams,
  query: LedgerQuery,
  handle: async ({ params, query, onlyUnit }) => {
    const file = await exportLedger(
      { planId: params.planId, unitId: onlyUnit ?? query.unitId, format: query.format, sheetPerUnit: query.sheets === 'unit' },
      systemClock,
    );
    return download(file.body, file.contentType, file.fileName, { 'x-ledger-rows': String(file.rows) });
  },
});
