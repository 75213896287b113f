import type { BulletinParticulars, UnitFigures } from './bulletin.js';

/*
 * Where a published bulletin is: its `BULLETINS` / `<M>` item and the keys of its objects. Apart from the
 * publishing (publish.ts), so that the function answering GET /bulletins/{month} bundles no renderer.
 */

export const BULLETIN_PREFIX = 'reports/bulletins/';

export interface BulletinObjectKeys {
  /** The Chinese HTML and workbook: the documents as the bureau sends them. */
  html: string;
  xlsx: string;
  json: string;
  /** The English ones; absent from bulletins published before they were written. */
  en?: { html: string; xlsx: string };
}

/** The `BULLETINS` / `<M>` item: where the bulletin of a month is and what it counts. */
export interface BulletinRecord {
  month: string;
  covers: string;
  publishedOn: string;
  publishedAt: string;
  objects: BulletinObjectKeys;
  totals: UnitFigures;
  /** Absent from bulletins published before the bureau's particulars existed. */
  particulars?: BulletinParticulars;
}

export const contentTypes = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
} as const;

export function bulletinObjectKeys(month: string): Required<BulletinObjectKeys> {
  const key = (suffix: string) => `${BULLETIN_PREFIX}${month}${suffix}`;
  return { html: key('.html'), xlsx: key('.xlsx'), json: key('.json'), en: { html: key('.en.html'), xlsx: key('.en.xlsx') } };
}
