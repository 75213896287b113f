/** The files the ledger is exported as, and their media types (kept apart from the rendering, for the API's schemas). */
export const ledgerFormats = ['xlsx', 'csv'] as const;
export type LedgerFormat = (typeof ledgerFormats)[number];

export const ledgerContentTypes: Readonly<Record<LedgerFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
