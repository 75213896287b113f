import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  CalendarFile,
  CalendarYearMissing,
  firstWorkingDayOfMonth,
  isWorkingDay,
  UnknownCalendar,
  workCalendars,
  workingDaysBetween,
  type WorkCalendar,
} from '../../../shared/domain/calendar.js';
import { calendarById, calendarForYears, shippedCalendars, shippedYears } from '../../../shared/domain/calendars.js';
import type { Problem } from '../../../shared/domain/problem.js';
import { problemsFromZodIssues } from '../../../shared/domain/zod-problems.js';

const shipped = calendarForYears([2022, 2023, 2024, 2025, 2026]);

const file = (year: number) => shippedCalendars.find((calendar) => calendar.year === year)!;
/** 2022–2024 without a gap. */
const threeYears = calendarForYears([2022, 2023, 2024]);

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const nextDay = (date: string) => dateOf(dayNumber(date) + 1);

/** Working days of a year the slow way, one day at a time: the oracle for the precomputed counts. */
function countOneByOne(calendar: WorkCalendar, year: number): number {
  let count = 0;
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = nextDay(date)) if (isWorkingDay(calendar, date)) count++;
  return count;
}

function problemsOf(input: unknown): Problem[] {
  const result = CalendarFile.safeParse(input);
  if (result.success) throw new Error('expected problems, the calendar file is valid');
  return problemsFromZodIssues(result.error.issues, input);
}

const validFile = () => ({
  id: 'test-2022',
  year: 2022,
  name: '测试',
  holidays: [{ date: '2022-10-03', name: '国庆节' }],
  workdays: [{ date: '2022-10-08', name: '国庆节调休' }],
});

describe('the shipped calendars', () => {
  it('ship 2022 to 2026', () => {
    // Assess
    expect(shippedYears).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(shippedCalendars.map((calendar) => calendar.id)).toEqual(['cn-2022', 'cn-2023', 'cn-2024', 'cn-2025', 'cn-2026']);
  });

  it.each([
    // year, working days, weekdays, statutory holiday days (法定节假日): every day off on a weekday is either
    // a statutory day or paid back by a swapped weekend day, so the total is weekdays − statutory days.
    [2022, 249, 260, 11],
    [2023, 249, 260, 11],
    [2024, 251, 262, 11],
    [2025, 248, 261, 13],
    [2026, 248, 261, 13], // 13 since the 2024 amendment: 除夕 and a second 劳动节 day
  ])('count %i working days in %i', (year, expected, weekdays, statutory) => {
    // Act
    const total = workingDaysBetween(shipped, `${year - 1}-12-31`, `${year}-12-31`);

    // Assess
    expect(total).toBe(expected);
    expect(total).toBe(weekdays - statutory);
    expect(countOneByOne(shipped, year)).toBe(expected);
  });

  it.each([
    ['2022-01-03', 'Monday of 元旦', false],
    ['2022-01-29', 'Saturday worked for 春节', true],
    ['2022-01-30', 'Sunday worked for 春节', true],
    ['2022-01-31', 'Monday of 春节 (除夕)', false],
    ['2022-02-04', 'Friday of 春节', false],
    ['2022-02-07', 'Monday after 春节', true],
    ['2022-04-02', 'Saturday worked for 清明节', true],
    ['2022-04-04', 'Monday of 清明节', false],
    ['2022-04-24', 'Sunday worked for 劳动节', true],
    ['2022-05-07', 'Saturday worked for 劳动节', true],
    ['2022-06-03', 'Friday of 端午节', false],
    ['2022-09-12', 'Monday of 中秋节', false],
    ['2022-10-03', 'Monday of 国庆节', false],
    ['2022-10-08', 'Saturday worked for 国庆节', true],
    ['2022-10-09', 'Sunday worked for 国庆节', true],
    ['2022-10-15', 'an ordinary Saturday', false],
    ['2022-12-30', 'an ordinary Friday', true],
    ['2022-12-31', 'Saturday of 元旦 2023 (in the 2022 file)', false],
    ['2023-01-02', 'Monday of 元旦', false],
    ['2023-01-27', 'Friday of 春节', false],
    ['2023-01-28', 'Saturday worked for 春节', true],
    ['2023-01-29', 'Sunday worked for 春节', true],
    ['2023-04-05', 'Wednesday of 清明节', false],
    ['2023-04-23', 'Sunday worked for 劳动节', true],
    ['2023-05-03', 'Wednesday of 劳动节', false],
    ['2023-05-06', 'Saturday worked for 劳动节', true],
    ['2023-06-23', 'Friday of 端午节', false],
    ['2023-06-25', 'Sunday worked for 端午节', true],
    ['2023-09-29', 'Friday of 中秋节、国庆节', false],
    ['2023-10-06', 'Friday of 中秋节、国庆节', false],
    ['2023-10-07', 'Saturday worked for 中秋节、国庆节', true],
    ['2023-10-08', 'Sunday worked for 中秋节、国庆节', true],
    ['2024-01-01', 'Monday of 元旦', false],
    ['2024-02-04', 'Sunday worked for 春节', true],
    ['2024-02-09', 'Friday 除夕 (leave only encouraged)', true],
    ['2024-02-16', 'Friday of 春节', false],
    ['2024-02-18', 'Sunday worked for 春节', true],
    ['2024-04-07', 'Sunday worked for 清明节', true],
    ['2024-05-11', 'Saturday worked for 劳动节', true],
    ['2024-06-10', 'Monday of 端午节', false],
    ['2024-09-14', 'Saturday worked for 中秋节', true],
    ['2024-09-29', 'Sunday worked for 国庆节', true],
    ['2024-10-12', 'Saturday worked for 国庆节', true],
    ['2025-01-01', 'Wednesday of 元旦 (no swap)', false],
    ['2025-01-26', 'Sunday worked for 春节', true],
    ['2025-01-28', 'Tuesday 除夕 (a statutory day from 2025)', false],
    ['2025-02-04', 'Tuesday of 春节', false],
    ['2025-02-08', 'Saturday worked for 春节', true],
    ['2025-04-04', 'Friday of 清明节', false],
    ['2025-04-27', 'Sunday worked for 劳动节', true],
    ['2025-05-05', 'Monday of 劳动节', false],
    ['2025-06-02', 'Monday of 端午节', false],
    ['2025-09-28', 'Sunday worked for 国庆节、中秋节', true],
    ['2025-10-08', 'Wednesday of 国庆节、中秋节', false],
    ['2025-10-11', 'Saturday worked for 国庆节、中秋节', true],
    ['2026-01-04', 'Sunday worked for 元旦', true],
    ['2026-02-16', 'Monday 除夕', false],
    ['2026-02-23', 'Monday of 春节', false],
    ['2026-09-20', 'Sunday worked for 国庆节', true],
  ])('%s (%s) is a working day: %s', (date, _, expected) => {
    // Act / Assess
    expect(isWorkingDay(shipped, date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2022-10-10', -5, '2022-09-28'], // back over 10-09, 10-08 (worked weekend), 国庆节, 09-30, 09-29, 09-28
    ['2022-10-10', -4, '2022-09-29'],
    ['2022-09-29', 5, '2022-10-11'],
    ['2022-09-30', 1, '2022-10-08'],
    ['2022-01-28', 1, '2022-01-29'],
    ['2022-01-30', 1, '2022-02-07'],
    ['2022-02-07', -1, '2022-01-30'],
    ['2022-10-01', 0, '2022-10-08'],
    ['2022-10-10', 0, '2022-10-10'],
    ['2022-01-01', 0, '2022-01-04'],
    ['2024-02-09', 1, '2024-02-18'],
    ['2024-09-13', 1, '2024-09-14'],
    ['2024-10-08', -5, '2024-09-25'],
    ['2026-01-01', 1, '2026-01-04'],
  ])('%s %i → %s', (date, n, expected) => {
    // Act / Assess
    expect(addWorkingDays(shipped, date, n)).toBe(expected);
  });

  it('crosses New Year when both years are loaded', () => {
    // Act / Assess: 元旦 2023 is 2022-12-31 (Saturday) to 2023-01-02 (Monday)
    expect(addWorkingDays(threeYears, '2022-12-30', 1)).toBe('2023-01-03');
    expect(addWorkingDays(threeYears, '2023-01-03', -1)).toBe('2022-12-30');
    expect(addWorkingDays(threeYears, '2022-12-26', 10)).toBe('2023-01-10');
    expect(addWorkingDays(threeYears, '2023-01-10', -10)).toBe('2022-12-26');
    expect(addWorkingDays(shipped, '2024-12-31', 1)).toBe('2025-01-02');
    expect(addWorkingDays(threeYears, '2022-06-01', 400)).toBe(addWorkingDays(threeYears, addWorkingDays(threeYears, '2022-06-01', 150), 250));
  });

  it('refuses a count that is not a whole number', () => {
    // Act / Assess
    expect(() => addWorkingDays(shipped, '2022-03-01', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2022-09-30', '2022-10-10', 3], // 10-08, 10-09, 10-10
    ['2022-10-10', '2022-09-30', -3],
    ['2022-10-03', '2022-10-03', 0],
    ['2022-01-28', '2022-02-07', 3], // 01-29, 01-30, 02-07
    ['2022-09-28', '2022-10-10', 5],
    ['2024-02-09', '2024-02-18', 1],
  ])('(%s, %s] holds %i working days', (from, to, expected) => {
    // Act / Assess
    expect(workingDaysBetween(shipped, from, to)).toBe(expected);
  });

  it('counts across New Year when both years are loaded', () => {
    // Act / Assess
    expect(workingDaysBetween(threeYears, '2022-12-28', '2023-01-05')).toBe(5); // 12-29, 12-30, 01-03, 01-04, 01-05
    expect(workingDaysBetween(threeYears, '2023-01-05', '2022-12-28')).toBe(-5);
    // December 2022 after the 15th: 16, 19–23, 26–30 (11); January 2023 to the 20th: 3–6, 9–13, 16–20 (14)
    expect(workingDaysBetween(threeYears, '2022-12-15', '2023-01-20')).toBe(25);
    expect(workingDaysBetween(threeYears, '2022-06-30', '2023-06-30')).toBe(
      workingDaysBetween(threeYears, '2022-06-30', '2022-12-31') + workingDaysBetween(threeYears, '2022-12-31', '2023-06-30'),
    );
    expect(workingDaysBetween(threeYears, '2022-12-31', '2024-12-31')).toBe(
      workingDaysBetween(threeYears, '2022-12-31', '2023-12-31') + 251,
    );
  });

  it('refuses a date that is not a date', () => {
    // Act / Assess
    expect(() => workingDaysBetween(shipped, '2022-02-30', '2022-03-01')).toThrow(/not a date/);
    expect(() => isWorkingDay(shipped, '2022/03/01')).toThrow(/not a date/);
  });
});

describe('firstWorkingDayOfMonth', () => {
  it.each([
    ['2022-01', '2022-01-04'],
    ['2022-02', '2022-02-07'],
    ['2022-03', '2022-03-01'],
    ['2022-05', '2022-05-05'],
    ['2022-10', '2022-10-08'],
    ['2024-02', '2024-02-01'],
    ['2024-06', '2024-06-03'],
    ['2024-10', '2024-10-08'],
    ['2023-01', '2023-01-03'],
    ['2023-10', '2023-10-07'],
    ['2025-02', '2025-02-05'],
    ['2025-10', '2025-10-09'],
    ['2026-01', '2026-01-04'],
  ])('%s → %s', (month, expected) => {
    // Act / Assess
    expect(firstWorkingDayOfMonth(shipped, month)).toBe(expected);
  });

  it('refuses what is not a month', () => {
    // Act / Assess
    expect(() => firstWorkingDayOfMonth(shipped, '2022-13')).toThrow(RangeError);
    expect(() => firstWorkingDayOfMonth(shipped, '2022-1')).toThrow(RangeError);
  });
});

describe('a year without a calendar', () => {
  it('is never judged by the weekend rule alone: the error names the year in both languages', () => {
    // Prepare
    const only2022 = calendarForYears([2022]);

    // Act
    const error = (() => {
      try {
        workingDaysBetween(only2022, '2022-12-30', '2023-01-03');
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(CalendarYearMissing);
    expect(error).toMatchObject({
      code: 'calendar_year_missing',
      year: 2023,
      message: 'No working-day calendar for 2023 (loaded: 2022); add calendars/cn-2023.json',
      messageZh: '缺少 2023 年的工作日日历（已加载：2022），请添加 calendars/cn-2023.json',
    });
  });

  it.each([
    ['isWorkingDay', (c: WorkCalendar) => isWorkingDay(c, '2023-06-01')],
    ['addWorkingDays past the year end', (c: WorkCalendar) => addWorkingDays(c, '2022-12-30', 1)],
    ['addWorkingDays before the year start', (c: WorkCalendar) => addWorkingDays(c, '2024-01-02', -1)],
    ['addWorkingDays over a missing year', (c: WorkCalendar) => addWorkingDays(c, '2022-12-01', 300)],
    ['workingDaysBetween over a missing year', (c: WorkCalendar) => workingDaysBetween(c, '2024-06-01', '2022-06-01')],
    ['firstWorkingDayOfMonth', (c: WorkCalendar) => firstWorkingDayOfMonth(c, '2023-05')],
  ])('%s throws naming 2023', (_, act) => {
    // Prepare
    const withGap = calendarForYears([2022, 2024]);

    // Act / Assess
    expect(() => act(withGap)).toThrow(expect.objectContaining({ year: 2023 }));
  });

  it('is not shipped: calendarForYears names it', () => {
    // Act / Assess
    expect(() => calendarForYears([2021, 2022])).toThrow(CalendarYearMissing);
    expect(() => calendarForYears([2027])).toThrow(/No working-day calendar for 2027 \(loaded: 2022, 2023, 2024, 2025, 2026\)/);
  });
});

describe('calendarById', () => {
  it('finds a shipped calendar by its id', () => {
    // Act
    const calendar = calendarById('cn-2024');

    // Assess
    expect(calendar.ids).toEqual(['cn-2024']);
    expect(isWorkingDay(calendar, '2024-02-18')).toBe(true);
  });

  it('names the known ids for an unknown one', () => {
    // Act / Assess
    expect(() => calendarById('cn-1999')).toThrow(UnknownCalendar);
    expect(() => calendarById('cn-1999')).toThrow('No working-day calendar "cn-1999" (known: cn-2022, cn-2023, cn-2024, cn-2025, cn-2026)');
  });
});

describe('workCalendars', () => {
  it('refuses two calendars of one year', () => {
    // Act / Assess
    expect(() => workCalendars([file(2022), { ...file(2022), id: 'other-2022' }])).toThrow(/Two calendars cover 2022/);
  });
});

describe('properties (2022–2024)', () => {
  // Dates from 2022-07-01 to 2024-06-30 and steps of up to 120 working days stay inside 2022–2024.
  const start = dayNumber('2022-07-01');
  const days = dayNumber('2024-06-30') - start + 1;
  const date = fc.integer({ min: 0, max: days - 1 }).map((i) => dateOf(start + i));
  const anyDate = fc.integer({ min: 0, max: dayNumber('2024-12-31') - dayNumber('2022-01-01') }).map((i) => dateOf(dayNumber('2022-01-01') + i));
  const step = fc.integer({ min: -120, max: 120 });

  it('addWorkingDays then workingDaysBetween gives back n, from a working day', () => {
    fc.assert(
      fc.property(date, step, (d, n) => {
        const from = addWorkingDays(threeYears, d, 0);
        return workingDaysBetween(threeYears, from, addWorkingDays(threeYears, from, n)) === n;
      }),
    );
  });

  it('addWorkingDays(d, n) for n ≥ 1 is the first day with n working days after d', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 120 }), (d, n) => {
        const to = addWorkingDays(threeYears, d, n);
        return (
          workingDaysBetween(threeYears, d, to) === n && workingDaysBetween(threeYears, d, dateOf(dayNumber(to) - 1)) === n - 1
        );
      }),
    );
  });

  it('lands on a working day', () => {
    fc.assert(fc.property(date, step, (d, n) => isWorkingDay(threeYears, addWorkingDays(threeYears, d, n))));
  });

  it('workingDaysBetween is additive: (a, b] + (b, c] = (a, c]', () => {
    fc.assert(
      fc.property(anyDate, anyDate, anyDate, (a, b, c) => {
        return (
          workingDaysBetween(threeYears, a, b) + workingDaysBetween(threeYears, b, c) === workingDaysBetween(threeYears, a, c)
        );
      }),
    );
  });

  it('workingDaysBetween agrees with counting one day at a time', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (from, length) => {
        let count = 0;
        for (let i = 1; i <= length; i++) if (isWorkingDay(threeYears, dateOf(dayNumber(from) + i))) count++;
        return workingDaysBetween(threeYears, from, dateOf(dayNumber(from) + length)) === count;
      }),
    );
  });
});

describe('CalendarFile', () => {
  it('accepts a valid file', () => {
    // Act / Assess
    expect(CalendarFile.safeParse(validFile()).success).toBe(true);
  });

  it('names a swapped working day on a Tuesday', () => {
    // Prepare
    const input = { ...validFile(), workdays: [{ date: '2022-03-01', name: '调休' }] };

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      {
        path: 'workdays[0].date',
        rule: 'workday_not_weekend',
        message: '"2022-03-01" is a Tuesday: a swapped working day (调休) must be a Saturday or Sunday',
        messageZh: '"2022-03-01" 是星期二：调休上班日必须是星期六或星期日',
      },
    ]);
  });

  it('names a date outside the year', () => {
    // Prepare
    const input = { ...validFile(), holidays: [{ date: '2022-10-03', name: '国庆节' }, { date: '2023-01-02', name: '元旦' }] };

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      {
        path: 'holidays[1].date',
        rule: 'date_outside_year',
        message: '"2023-01-02" is not in the calendar\'s year 2022',
        messageZh: '"2023-01-02" 不在日历年份 2022 年内',
      },
    ]);
  });

  it.each([
    [
      'a holiday listed twice',
      { holidays: [{ date: '2022-10-03', name: '国庆节' }, { date: '2022-10-03', name: '国庆节' }] },
      { path: 'holidays[1].date', rule: 'duplicate_date', message: '"2022-10-03" is already listed at holidays[0]' },
    ],
    [
      'a working day listed twice',
      { workdays: [{ date: '2022-10-08', name: '调休' }, { date: '2022-10-08', name: '调休' }] },
      { path: 'workdays[1].date', rule: 'duplicate_date' },
    ],
    [
      'a day both off and worked',
      { holidays: [{ date: '2022-10-08', name: '国庆节' }] },
      { path: 'workdays[0].date', rule: 'holiday_and_workday', messageZh: '"2022-10-08" 同时是节假日（holidays[0]）：同一天不能既放假又上班' },
    ],
    ['a date that does not exist', { holidays: [{ date: '2022-02-30', name: '春节' }] }, { path: 'holidays[0].date', rule: 'date' }],
    ['an unknown field', { holiday: [] }, { path: 'holiday', rule: 'unknown_field' }],
    ['a year that is not a whole number', { year: 2022.5 }, { path: 'year', rule: 'integer' }],
    ['an id that is no slug', { id: 'CN 2022' }, { path: 'id', rule: 'slug' }],
    ['a holiday without a name', { holidays: [{ date: '2022-10-03' }] }, { path: 'holidays[0].name', rule: 'required' }],
    [
      'too many holidays',
      { holidays: Array.from({ length: 121 }, (_, i) => ({ date: dateOf(dayNumber('2022-01-01') + i), name: '假' })) },
      { path: 'holidays', rule: 'too_many' },
    ],
  ])('names %s', (_, change, expected) => {
    // Prepare
    const input = { ...validFile(), ...change };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(expected);
  });

  it('reports every problem at once', () => {
    // Prepare
    const input = {
      ...validFile(),
      holidays: [{ date: '2021-10-01', name: '国庆节' }],
      workdays: [{ date: '2022-10-10', name: '调休' }, { date: '2023-01-07', name: '调休' }],
    };

    // Act / Assess
    expect(problemsOf(input).map((p) => `${p.path} ${p.rule}`)).toEqual([
      'holidays[0].date date_outside_year',
      'workdays[0].date workday_not_weekend',
      'workdays[1].date date_outside_year',
    ]);
  });
});
