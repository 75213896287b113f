import * as z from 'zod';
import { isoDate, slug } from '../domain/ids.js';
import { bilingual } from '../domain/zod-problems.js';

/*
 * Query and path parameters shared by the routes. Query values arrive as strings, so numbers are
 * parsed here, with the caps the API promises (docs/architecture.md: limit 1–200, default 50).
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const limitParam = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_LIMIT))
  .default(DEFAULT_LIMIT);

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export const yearParam = z.string().regex(/^\d{4}$/).transform(Number).pipe(z.number().int().min(MIN_YEAR).max(MAX_YEAR));

const isYear = (text: string) => /^\d{4}$/.test(text) && Number(text) >= MIN_YEAR && Number(text) <= MAX_YEAR;

/** A year in a path: four digits, 2000–2100; anything else is one problem, `pattern`, whatever is wrong with it. */
export const yearPath = z
  .string()
  .refine(isYear, bilingual('pattern', `Must be a year, ${MIN_YEAR}–${MAX_YEAR}`, `应为 ${MIN_YEAR}–${MAX_YEAR} 之间的年份`))
  .transform(Number);

export const dateParam = isoDate;

export const idParam = slug;

/** A date range `dueAfter ≤ deadline ≤ dueBefore` (both inclusive) must not be empty. */
export function dueRangeIsOrdered(query: { dueAfter?: string | undefined; dueBefore?: string | undefined }): boolean {
  return !query.dueAfter || !query.dueBefore || query.dueAfter <= query.dueBefore;
}

export const dueRangeProblem = bilingual(
  'date_range',
  'dueAfter must not be later than dueBefore',
  'dueAfter 不能晚于 dueBefore',
  ['dueAfter'],
);
