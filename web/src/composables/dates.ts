/**
 * Calendar dates as the API writes them (`YYYY-MM-DD`), in the plans' time zone: the API's "today" is
 * Asia/Shanghai's (`POST /chases`, the lights), so the pages count from the same day.
 */
const API_TIME_ZONE = 'Asia/Shanghai';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Today in the API's time zone, `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: API_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A `YYYY-MM-DD` date as a local Date at midnight, so that formatting it never shifts it by a day. */
export function localDate(iso: string): Date {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day);
}

/** A local Date as `YYYY-MM-DD`. */
export function isoOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((localDate(to).getTime() - localDate(from).getTime()) / DAY_MS);
}
