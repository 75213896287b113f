import * as z from 'zod';
import { ledgerFormats } from '../../shared/documents/ledger-formats.js';
import { idParam } from '../../shared/http/params.js';

export const LedgerParams = z.strictObject({ planId: idParam });

/** `GET /plans/{planId}/ledger?format=xlsx|csv&unitId=&sheets=unit` */
export const LedgerQuery = z.strictObject({
  format: z.enum(ledgerFormats).default('xlsx').describe('xlsx (default) or csv (UTF-8 with a BOM, Chinese headings)'),
  unitId: idParam.optional().describe("One unit's rows only; a unit's token gets its own whatever it asks"),
  sheets: z.enum(['unit']).optional().describe('unit: one sheet per unit (xlsx only)'),
});
