import * as z from 'zod';
import { DomainError } from './errors.js';
import { isoDate, slug } from './ids.js';

/*
 * Working days (工作日): Monday to Friday unless a public holiday, Saturday and Sunday only when listed
 * as a swapped working day (调休上班). One calendar file per year (calendars/*.json, read by
 * calendars.ts); the chase counts "N days" in working days with these functions.
 *
 * Dates are ISO `YYYY-MM-DD` strings and days are counted in UTC: no time zone enters here. A date in a
 * year no loaded calendar covers is never judged by the weekend rule alone: the functions throw
 * `CalendarYearMissing` naming the year instead.
 */

// ── the file ────────────────────────────────────────────────────────────────────────────────────────

const CalendarDay = z.strictObject({
  date: isoDate,
  name: z.string().min(1).max(40),
});

/** A refinement's issue, read back by zod-problems.ts as a problem with this rule and Chinese message. */
const issue = (path: PropertyKey[], rule: string, message: string, messageZh: string) =>
  ({ code: 'custom', path, message, params: { rule, messageZh } }) as const;

/**
 * A calendar file: the public holidays (every day off of a holiday, weekend days included) and the
 * swapped working weekend days of one year, as the State Council's notice announces them.
 */
export const CalendarFile = z
  .strictObject({
    id: slug,
    year: z.number().int().min(1949).max(2100),
    name: z.string().min(1).max(100),
    /** Where the dates come from, e.g. 国务院办公厅关于2024年部分节假日安排的通知. */
    source: z.string().min(1).max(200).optional(),
    holidays: z.array(CalendarDay).max(120),
    workdays: z.array(CalendarDay).max(60),
  })
  .superRefine((file, ctx) => {
    // Runs on what parsed: a date the format rule already refused is skipped here.
    const report = (problem: Issue) => ctx.addIssue(problem);
    const holidays = datesOf(file, 'holidays', report);
    datesOf(file, 'workdays', report, (date, at, number) => {
      const holiday = holidays.get(date);
      if (holiday !== undefined)
        report(
          issue(
            at,
            'holiday_and_workday',
            `"${date}" is also a holiday (holidays[${holiday}]): a day is either off or a working day`,
            `"${date}" 同时是节假日（holidays[${holiday}]）：同一天不能既放假又上班`,
          ),
        );
      const weekday = weekdayOf(number);
      if (weekday !== 0 && weekday !== 6)
        report(
          issue(
            at,
            'workday_not_weekend',
            `"${date}" is a ${WEEKDAYS[weekday]}: a swapped working day (调休) must be a Saturday or Sunday`,
            `"${date}" 是${WEEKDAYS_ZH[weekday]}：调休上班日必须是星期六或星期日`,
          ),
        );
    });
  });
export type CalendarFile = z.infer<typeof CalendarFile>;

type Issue = ReturnType<typeof issue>;

/**
 * The readable dates of one list, each to the index it first appears at; reports dates outside the
 * year and repeats, and runs the list's own `check` on each, in list order.
 */
function datesOf(
  file: { year: number; holidays: { date: string }[]; workdays: { date: string }[] },
  list: 'holidays' | 'workdays',
  report: (problem: Issue) => void,
  check?: (date: string, at: PropertyKey[], dayNumber: number) => void,
): Map<string, number> {
  const seen = new Map<string, number>();
  file[list].forEach(({ date }, index) => {
    const at = [list, index, 'date'];
    const day = parseDay(date);
    if (day === undefined) return;
    if (day.year !== file.year) report(outsideYear(at, date, file.year));
    const earlier = seen.get(date);
    if (earlier === undefined) seen.set(date, index);
    else report(duplicate(at, date, `${list}[${earlier}]`));
    check?.(date, at, day.number);
  });
  return seen;
}

function outsideYear(at: PropertyKey[], date: string, year: number) {
  return issue(at, 'date_outside_year', `"${date}" is not in the calendar's year ${year}`, `"${date}" 不在日历年份 ${year} 年内`);
}

function duplicate(at: PropertyKey[], date: string, where: string) {
  return issue(at, 'duplicate_date', `"${date}" is already listed at ${where}`, `"${date}" 与 ${where} 重复`);
}

// ── errors ──────────────────────────────────────────────────────────────────────────────────────────

/** A date to judge falls in a year that no loaded calendar covers. */
export class CalendarYearMissing extends DomainError {
  readonly code = 'calendar_year_missing';
  constructor(
    readonly year: number,
    readonly loadedYears: readonly number[],
  ) {
    const loaded = loadedYears.length > 0 ? loadedYears.join(', ') : 'none';
    super(
      `No working-day calendar for ${year} (loaded: ${loaded}); add calendars/cn-${year}.json`,
      `缺少 ${year} 年的工作日日历（已加载：${loadedYears.length > 0 ? loadedYears.join('、') : '无'}），请添加 calendars/cn-${year}.json`,
    );
  }
}

/** No shipped calendar has the id asked for. */
export class UnknownCalendar extends DomainError {
  readonly code = 'unknown_calendar';
  constructor(
    readonly id: string,
    known: readonly string[],
  ) {
    super(
      `No working-day calendar "${id}" (known: ${known.join(', ')})`,
      `没有编号为 "${id}" 的工作日日历（已有：${known.join('、')}）`,
    );
  }
}

// ── the calendar ────────────────────────────────────────────────────────────────────────────────────

/** One year of a calendar, precomputed so that counts and steps need no walk day by day. */
export interface CalendarYear {
  readonly id: string;
  readonly year: number;
  readonly name: string;
  /** Day off → the holiday's name. */
  readonly holidays: ReadonlyMap<string, string>;
  /** Swapped working weekend day → its name. */
  readonly workdays: ReadonlyMap<string, string>;
  /** Day number (days since 1970-01-01) of 1 January. */
  readonly start: number;
  /** `before[i]`: the working days among the year's first `i` days; `before[days]` is the year's total. */
  readonly before: Int32Array;
}

/** One or more yearly calendars, by year. Build with `workCalendar` or `workCalendars`. */
export interface WorkCalendar {
  /** The ids of the files it was built from, in year order. */
  readonly ids: readonly string[];
  /** The years covered, ascending (not necessarily consecutive). */
  readonly years: readonly number[];
  readonly byYear: ReadonlyMap<number, CalendarYear>;
}

/** The calendar of one (parsed) file. */
export function workCalendar(file: CalendarFile): WorkCalendar {
  return workCalendars([file]);
}

/** The calendar of several files, one per year, so that counts may cross New Year. */
export function workCalendars(files: readonly CalendarFile[]): WorkCalendar {
  if (files.length === 0) throw new RangeError('A working-day calendar needs at least one year / 工作日日历至少需要一个年份');
  const byYear = new Map<number, CalendarYear>();
  for (const file of [...files].sort((a, b) => a.year - b.year)) {
    const other = byYear.get(file.year);
    if (other)
      throw new RangeError(
        `Two calendars cover ${file.year}: "${other.id}" and "${file.id}" / 两个日历都包含 ${file.year} 年："${other.id}" 与 "${file.id}"`,
      );
    byYear.set(file.year, yearOf(file));
  }
  const years = [...byYear.keys()];
  return { ids: years.map((year) => byYear.get(year)!.id), years, byYear };
}

function yearOf(file: CalendarFile): CalendarYear {
  const holidays = new Map(file.holidays.map((day) => [day.date, day.name]));
  const workdays = new Map(file.workdays.map((day) => [day.date, day.name]));
  const start = dayNumberOf(file.year, 1, 1);
  const days = dayNumberOf(file.year + 1, 1, 1) - start;
  const before = new Int32Array(days + 1);
  for (let i = 0; i < days; i++) {
    const date = dateOf(start + i);
    const weekday = weekdayOf(start + i);
    const working = workdays.has(date) || (weekday >= 1 && weekday <= 5 && !holidays.has(date));
    before[i + 1] = before[i]! + (working ? 1 : 0);
  }
  return { id: file.id, year: file.year, name: file.name, holidays, workdays, start, before };
}

// ── questions ───────────────────────────────────────────────────────────────────────────────────────

/** Monday to Friday unless a holiday; Saturday and Sunday only when a swapped working day. */
export function isWorkingDay(calendar: WorkCalendar, date: string): boolean {
  const day = dayOf(date);
  const year = yearIn(calendar, day.year);
  const i = day.number - year.start;
  return year.before[i + 1]! > year.before[i]!;
}

/**
 * The date `n` working days after `date` (`n < 0`: before it); `n = 0`: `date` itself if it is a working
 * day, else the next working day. Needs the calendars of every year it steps through (not of `date`'s
 * own year when `n ≠ 0` and the step leaves it).
 */
export function addWorkingDays(calendar: WorkCalendar, date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`The number of working days must be a whole number, not ${n} / 工作日数必须是整数`);
  const from = dayOf(date).number;
  if (n === 0) return isWorkingDay(calendar, date) ? date : addWorkingDays(calendar, date, 1);
  if (n > 0) {
    // The rank, among its year's working days, of the working day wanted; carried into the next year.
    let year = yearIn(calendar, yearOfDay(from + 1));
    let rank = year.before[from + 1 - year.start]! + n;
    while (rank > total(year)) {
      rank -= total(year);
      year = yearIn(calendar, year.year + 1);
    }
    return dateOf(year.start + dayWithRank(year, rank));
  }
  let year = yearIn(calendar, yearOfDay(from - 1));
  let rank = year.before[from - year.start]! + n + 1;
  while (rank < 1) {
    year = yearIn(calendar, year.year - 1);
    rank += total(year);
  }
  return dateOf(year.start + dayWithRank(year, rank));
}

/**
 * The number of working days d with `from < d ≤ to`; negative (the same days, counted down) when
 * `to < from`, 0 when they are equal. Needs the calendars of the years of the days it counts.
 */
export function workingDaysBetween(calendar: WorkCalendar, from: string, to: string): number {
  const a = dayOf(from).number;
  const b = dayOf(to).number;
  if (b < a) return -countAfter(calendar, b, a);
  return countAfter(calendar, a, b);
}

/** The first working day of a month given as `YYYY-MM` (the day of the monthly bulletin, 月度通报). */
export function firstWorkingDayOfMonth(calendar: WorkCalendar, month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) throw new RangeError(`${JSON.stringify(month)} is not a month (use YYYY-MM) / 不是有效月份（格式 YYYY-MM）`);
  const first = addWorkingDays(calendar, `${month}-01`, 0);
  if (!first.startsWith(month)) throw new RangeError(`${month} has no working day / ${month} 没有工作日`);
  return first;
}

// ── counting ────────────────────────────────────────────────────────────────────────────────────────

/** Working days in the day numbers `(a, b]`, `a ≤ b`, year by year. */
function countAfter(calendar: WorkCalendar, a: number, b: number): number {
  let count = 0;
  for (let y = yearOfDay(a + 1); a < b && y <= yearOfDay(b); y++) {
    const year = yearIn(calendar, y);
    const days = year.before.length - 1;
    const lo = Math.max(a, year.start - 1) - year.start; // index of the last day not counted (-1: none)
    const hi = Math.min(b, year.start + days - 1) - year.start;
    count += year.before[hi + 1]! - year.before[lo + 1]!;
  }
  return count;
}

function total(year: CalendarYear): number {
  return year.before[year.before.length - 1]!;
}

/** The index of the year's `rank`-th working day (1-based, `1 ≤ rank ≤ total`): the least i with before[i + 1] ≥ rank. */
function dayWithRank(year: CalendarYear, rank: number): number {
  let lo = 1;
  let hi = year.before.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (year.before[mid]! >= rank) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

function yearIn(calendar: WorkCalendar, year: number): CalendarYear {
  const found = calendar.byYear.get(year);
  if (!found) throw new CalendarYearMissing(year, calendar.years);
  return found;
}

// ── dates (UTC day numbers) ─────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

interface Day {
  year: number;
  /** Days since 1970-01-01. */
  number: number;
}

/** A `YYYY-MM-DD` date that exists, as its year and day number; undefined otherwise. */
function parseDay(date: string): Day | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const number = dayNumberOf(year, month, day);
  return dateOf(number) === date ? { year, number } : undefined;
}

function dayOf(date: string): Day {
  const day = typeof date === 'string' ? parseDay(date) : undefined;
  if (!day) throw new RangeError(`${JSON.stringify(date)} is not a date (use YYYY-MM-DD) / 不是有效日期（格式 YYYY-MM-DD）`);
  return day;
}

function dayNumberOf(year: number, month: number, day: number): number {
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  return Math.round(at.getTime() / DAY_MS);
}

function dateOf(number: number): string {
  const at = new Date(number * DAY_MS);
  const year = String(at.getUTCFullYear()).padStart(4, '0');
  const month = String(at.getUTCMonth() + 1).padStart(2, '0');
  const day = String(at.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function yearOfDay(number: number): number {
  return new Date(number * DAY_MS).getUTCFullYear();
}

/** 0 Sunday … 6 Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(number: number): number {
  return (((number + 4) % 7) + 7) % 7;
}
