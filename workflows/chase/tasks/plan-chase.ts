import { localDate, systemClock } from '../../../shared/clock/clock.js';
import { firstWorkingDayOfMonth } from '../../../shared/domain/calendar.js';
import { calendarForYears, shippedYears } from '../../../shared/domain/calendars.js';
import { retryableOnTransient } from '../../../shared/store/faults.js';
import { getFreeze } from '../../../shared/store/freeze.js';
import { OPEN_SHARDS } from '../../../shared/store/keys.js';
import { PlanChaseInput } from './schema.js';

/** The chase counts its days in Shanghai time, as the plans do. */
const TIME_ZONE = 'Asia/Shanghai';
/** Tasks read per ChasePage. */
const PAGE_SIZE = 100;

/**
 * PlanChase: the chase day (today in Asia/Shanghai unless given) and the pages to start from, one per shard
 * of the open-task index of each year that can still have open tasks. Those are the chase day's year and
 * the one before: a plan is a year's, and its tasks are closed, withdrawn or long 约谈 (and in the
 * bulletin) a year after; an empty shard costs one Query. A year frozen for its assessment is left out:
 * its scores must not move under the assessment. On the first working day of a month, also
 * `bulletinMonth`: that month's bulletin is published today (BulletinDay?); a year without a shipped
 * calendar has no such day.
 */
export const handler = async (event: unknown) => {
  const input = PlanChaseInput.parse(event ?? {});
  const date = input.date ?? localDate(systemClock, TIME_ZONE);
  const year = Number(date.slice(0, 4));
  const chased = await retryableOnTransient(async () => (await Promise.all([year - 1, year].map(async (y) => ((await getFreeze(y)) ? [] : [y])))).flat());
  const pages = chased.flatMap((y) => Array.from({ length: OPEN_SHARDS }, (_, shard) => ({ year: y, shard })));
  return { date, pageSize: PAGE_SIZE, pages, ...(isBulletinDay(date) ? { bulletinMonth: date.slice(0, 7) } : {}) };
};

function isBulletinDay(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return shippedYears.includes(year) && firstWorkingDayOfMonth(calendarForYears([year]), date.slice(0, 7)) === date;
}
