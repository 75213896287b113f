import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarFile, workCalendars, type WorkCalendar } from '../../../shared/domain/calendar.js';
import { calendarForYears, shippedCalendars } from '../../../shared/domain/calendars.js';
import { nextCheckDate } from '../../../shared/domain/check-date.js';
import { lateness, type LatenessTask } from '../../../shared/domain/lateness.js';
import type { Milestone } from '../../../shared/domain/plan.js';
import type { Task, TaskProgress, TaskStatus } from '../../../shared/domain/task.js';
import { defaultLadder, defaultTracking, type Ladder, type Tracking } from '../../../shared/domain/tracking.js';
import { cixiTask } from './cixi-tasks.js';

// 2022 and 2023: a task due 2022-12-31 is next checked on 2023-01-01, which lateness judges with 2023's calendar.
const calendar = calendarForYears([2022, 2023]);
const tracking = defaultTracking; // margin 0.1; 提醒 5 working days before the deadline

// Facts of samples/cixi-2022.yaml (as in lateness.test.ts):
// 浒山街道 rechecks 9 spray shops by Friday 2022-09-30: ⅓ by 03-31, ⅔ by 06-30, all by 09-30.
const sprayRecheck = cixiTask('spray-recheck', 'hushan', { status: 'in_progress' });
// 观海卫镇 builds 1 city-level zero-discharge park by 2022-11-30: half by 06-30.
const zeroDischargePark = cixiTask('zero-discharge-parks-city', 'guanhaiwei', { status: 'in_progress' });
// 浒山街道 replaces activated carbon at 10 firms by Monday 2022-10-31: ¼ by 03-31, ½ by 06-30, ¾ by 09-30.
const activatedCarbon = cixiTask('activated-carbon', 'hushan', { status: 'in_progress' });
// PM2.5 ≤ 29 μg/m³ for 浒山街道 by Saturday 2022-12-31.
const pm25 = cixiTask('pm25', 'hushan', { status: 'in_progress' });
// Actions: 市生态环境局's plan revision due 2022-09-30; 市治水办's campaign due 2022-04-30 (劳动节), not started;
// 浒山街道's handover of river sections due Thursday 2022-06-30.
const ecoPlan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'in_progress' });
const campaign = cixiTask('campaign-water-quality', 'water-office');
const handover = cixiTask('handover-sections', 'hushan', { status: 'in_progress' });

const report = (fields: Partial<TaskProgress>, asOf = '2022-07-05'): TaskProgress => ({
  asOf,
  reportedBy: 'token:hushan',
  reportedAt: `${asOf}T02:00:00.000Z`,
  ...fields,
});
const withProgress = (task: Task, fields: Partial<TaskProgress>, asOf?: string): Task => ({ ...task, progress: report(fields, asOf) });

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const nextDay = (date: string) => dateOf(dayNumber(date) + 1);

type Settings = Pick<Tracking, 'margin' | 'ladder'>;

/**
 * Why `date` is not the first late day from the task's year start: the first day before it on which
 * lateness is not null, or `date` itself when lateness is null on it; undefined when it is exact.
 */
function inexactness(task: LatenessTask, date: string, on: WorkCalendar, settings: Settings): string | undefined {
  for (let day = `${task.deadline.slice(0, 4)}-01-01`; day < date; day = nextDay(day))
    if (lateness(task, day, on, settings) !== null) return `late already on ${day}`;
  return lateness(task, date, on, settings) === null ? `not late on ${date}` : undefined;
}

describe('nextCheckDate on the 2022 calendar, Cixi sample', () => {
  it.each<[string, string, Task]>([
    ['spray-recheck, nothing reported: the first milestone, ⅓ by 03-31', '2022-03-31', sprayRecheck],
    ['spray-recheck, 3 of 9: the second milestone, ⅔ by 06-30', '2022-06-30', withProgress(sprayRecheck, { done: 3 })],
    ['spray-recheck, 6 of 9: due soon 5 working days before Friday 09-30', '2022-09-23', withProgress(sprayRecheck, { done: 6 })],
    ['spray-recheck, all 9 done: the day after the deadline (国庆节, overdue by 0 working days)', '2022-10-01', withProgress(sprayRecheck, { done: 9 })],
    ['the park, not built: half due by 06-30', '2022-06-30', zeroDischargePark],
    ['the park, built but not handed in: overdue from 12-01', '2022-12-01', withProgress(zeroDischargePark, { done: 1 }, '2022-11-20')],
    ['activated carbon, 3 of 10: short of ½ by 0.2 on 06-30', '2022-06-30', withProgress(activatedCarbon, { done: 3 })],
    ['activated carbon, 4 of 10: exactly the margin short on 06-30, behind ¾ on 09-30', '2022-09-30', withProgress(activatedCarbon, { done: 4 })],
    ['activated carbon, 9 of 10: within the margin of all, due soon from Monday 10-24', '2022-10-24', withProgress(activatedCarbon, { done: 9 })],
    ['activated carbon, all 10: overdue from 11-01', '2022-11-01', withProgress(activatedCarbon, { done: 10 })],
    ['PM2.5, nothing reported: due soon from 12-23 (Saturday 12-31 counts from Friday 12-30)', '2022-12-23', pm25],
    ['PM2.5, 31.9 (exactly the margin off): due soon', '2022-12-23', withProgress(pm25, { value: 31.9, period: '2022-06' })],
    ['PM2.5, 20 (on target): due soon, an indicator is never done', '2022-12-23', withProgress(pm25, { value: 20, period: '2022-11' }, '2022-12-05')],
    ['PM2.5, 32 as of 07-05: behind whatever the day, so from the year start', '2022-01-01', withProgress(pm25, { value: 32, period: '2022-06' })],
    ['the plan revision: due soon from 09-23', '2022-09-23', ecoPlan],
    ['the plan revision reported complete: overdue from 10-01 until closed', '2022-10-01', withProgress(ecoPlan, { complete: true }, '2022-09-20')],
    ['the campaign due 04-30 (劳动节): due soon from Sunday 04-24 (调休)', '2022-04-24', campaign],
    ['the handover due Thursday 06-30: due soon from 06-23', '2022-06-23', handover],
    ['the handover extended to Saturday 07-16: 5 working days before Friday 07-15', '2022-07-08', { ...handover, deadline: '2022-07-16', originalDeadline: '2022-06-30' }],
    ['the plan revision extended to 10-14: due soon from Sunday 10-09 (调休)', '2022-10-09', { ...ecoPlan, deadline: '2022-10-14', originalDeadline: '2022-09-30' }],
  ])('%s → %s', (_, expected, task) => {
    // Act
    const date = nextCheckDate(task, calendar, tracking);

    // Assess
    expect(date).toBe(expected);
    expect(inexactness(task, date!, calendar, tracking)).toBeUndefined();
  });

  it('follows the plan: remindBefore 0 is the deadline itself, 20 reaches back over 中秋节 to 09-01', () => {
    // Prepare
    const none = { margin: 0.1, ladder: { ...defaultLadder, remindBefore: 0 } };
    const long = { margin: 0.1, ladder: { ...defaultLadder, remindBefore: 20 } };

    // Act
    const dates = [nextCheckDate(ecoPlan, calendar, none), nextCheckDate(ecoPlan, calendar, long)];

    // Assess
    expect(dates).toEqual(['2022-09-30', '2022-09-01']);
    expect(inexactness(ecoPlan, '2022-09-30', calendar, none)).toBeUndefined();
    expect(inexactness(ecoPlan, '2022-09-01', calendar, long)).toBeUndefined();
  });

  it('follows the plan margin: 5 of 9 spray shops is 0.11 short of ⅔ — behind on 06-30 at 0.1, due soon at 0.25', () => {
    // Prepare
    const task = withProgress(sprayRecheck, { done: 5 });

    // Act / Assess
    expect(nextCheckDate(task, calendar, tracking)).toBe('2022-06-30');
    expect(nextCheckDate(task, calendar, { ...tracking, margin: 0.25 })).toBe('2022-09-23');
  });

  it('moves with every report: spray-recheck through the year', () => {
    // Prepare: the unit's reports, cumulative
    const reports: [string, number, string][] = [
      ['2022-03-10', 2, '2022-03-31'], // 2/9 = 0.22, 0.11 short of ⅓
      ['2022-03-25', 3, '2022-06-30'],
      ['2022-06-20', 5, '2022-06-30'],
      ['2022-06-29', 6, '2022-09-23'],
      ['2022-09-26', 9, '2022-10-01'],
    ];

    // Act
    const dates = reports.map(([asOf, done]) => nextCheckDate(withProgress(sprayRecheck, { done }, asOf), calendar, tracking));

    // Assess
    expect(dates).toEqual(reports.map(([, , expected]) => expected));
  });

  it.each<TaskStatus>(['closeout_requested', 'accepted', 'closed', 'withdrawn'])('is null for a task %s: it leaves the index', (status) => {
    // Act / Assess
    expect(nextCheckDate({ ...zeroDischargePark, status }, calendar, tracking)).toBeNull();
    expect(nextCheckDate({ ...pm25, status, progress: report({ value: 40 }) }, calendar, tracking)).toBeNull();
  });

  it('counts in the deadline’s year only: a 2023 task due Tuesday 2023-01-10 on the 2023 calendar alone', () => {
    // Prepare: 元旦 2022-12-31 – 2023-01-02; from 01-03, 5 working days are left (01-04 … 01-06, 01-09, 01-10)
    const task = { ...ecoPlan, year: 2023, deadline: '2023-01-10' };
    const only2023 = calendarForYears([2023]);

    // Act / Assess
    expect(nextCheckDate(task, only2023, tracking)).toBe('2023-01-03');
    expect(nextCheckDate({ ...task, deadline: '2023-01-06' }, only2023, tracking)).toBe('2023-01-01');
  });

  it('is the year start, without the previous year’s calendar, for a deadline within remindBefore working days of it', () => {
    // Prepare: the handover due 2022-01-05 (4 and 5 January are the year's first working days)
    const early = { ...handover, deadline: '2022-01-05' };

    // Act / Assess
    expect(nextCheckDate(early, calendarForYears([2022]), tracking)).toBe('2022-01-01');
  });
});

// ── the defining property ───────────────────────────────────────────────────────────────────────────

/**
 * December 2021 as it was (no holiday, no swapped weekend: 元旦 2022 began on 1 January), so that
 * `lateness` can count due-soon spans of January deadlines back into it; nextCheckDate itself never needs it.
 */
const december2021 = CalendarFile.parse({ id: 'test-2021', year: 2021, name: '测试 2021（仅周末）', holidays: [], workdays: [] });
const withDecember = workCalendars([december2021, ...shippedCalendars.filter((file) => file.year === 2022 || file.year === 2023)]);

const dayOf2022 = (from = '2022-01-01', to = '2022-12-31') =>
  fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(dateOf);

const settingsArb: fc.Arbitrary<Settings> = fc.record({
  margin: fc.constantFrom(0, 0.05, 0.1, 0.25),
  ladder: fc.integer({ min: 0, max: 20 }).map((remindBefore): Ladder => ({ ...defaultLadder, remindBefore })),
});

/**
 * Milestones on or before the deadline, 1 on the deadline. `planValid`: dates distinct, shares not
 * shrinking, as the plan rules require; otherwise in any order, dates repeated and shares falling.
 */
const milestonesBefore = (deadline: string, planValid: boolean): fc.Arbitrary<Milestone[]> =>
  fc
    .array(fc.tuple(dayOf2022('2022-01-01', deadline), fc.double({ min: 0.01, max: 1, noNaN: true })), { maxLength: 4 })
    .map((pairs) => {
      const early = pairs.filter(([date]) => date < deadline);
      const milestones = planValid
        ? (() => {
            const dates = [...new Set(early.map(([date]) => date))].sort();
            const shares = early.map(([, share]) => share).sort((a, b) => a - b);
            return dates.map((date, i): Milestone => ({ date, share: shares[i]! }));
          })()
        : early.map(([date, share]): Milestone => ({ date, share }));
      return [...milestones, { date: deadline, share: 1 }];
    });

const progressArb = (fields: fc.Arbitrary<Partial<TaskProgress>>) =>
  fc.option(fc.tuple(fields, dayOf2022()).map(([f, asOf]) => report(f, asOf)), { nil: null });

/** Tasks of every kind due in 2022, any day of it. */
const tasks = (statuses: readonly TaskStatus[], planValid?: boolean): fc.Arbitrary<LatenessTask> =>
  fc
    .record({ deadline: dayOf2022(), status: fc.constantFrom(...statuses), valid: planValid === undefined ? fc.boolean() : fc.constant(planValid) })
    .chain(({ deadline, status, valid }) =>
      fc.oneof(
        fc.record({
          kind: fc.constant('quantity' as const),
          status: fc.constant(status),
          deadline: fc.constant(deadline),
          target: fc.integer({ min: 0, max: 40 }),
          milestones: milestonesBefore(deadline, valid),
          progress: progressArb(fc.record({ done: fc.integer({ min: 0, max: 45 }) })),
        }),
        fc.record({
          kind: fc.constant('indicator' as const),
          status: fc.constant(status),
          deadline: fc.constant(deadline),
          target: fc.integer({ min: -50, max: 100 }),
          direction: fc.constantFrom('at_most' as const, 'at_least' as const),
          milestones: fc.constant<Milestone[]>([]),
          progress: progressArb(fc.record({ value: fc.integer({ min: -80, max: 150 }) })),
        }),
        fc.record({
          kind: fc.constant('action' as const),
          status: fc.constant(status),
          deadline: fc.constant(deadline),
          target: fc.constant(null),
          milestones: fc.constant<Milestone[]>([]),
          progress: progressArb(fc.record({ complete: fc.boolean() })),
        }),
      ),
    );

const chased: readonly TaskStatus[] = ['assigned', 'in_progress'];

describe('nextCheckDate: properties over 2022', () => {
  it('is the first day from the year start on which lateness is not null', () => {
    fc.assert(
      fc.property(tasks(chased), settingsArb, (task, settings) => {
        // Act
        const date = nextCheckDate(task, withDecember, settings);

        // Assess
        expect(date).not.toBeNull();
        expect(date! >= '2022-01-01' && date! <= nextDay(task.deadline)).toBe(true);
        expect(inexactness(task, date!, withDecember, settings)).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('with plan-valid milestones, the task stays late on every day after it: the index reads it only while it is late', () => {
    fc.assert(
      fc.property(tasks(chased, true), settingsArb, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 10 }), (task, settings, offsets) => {
        // Prepare
        const date = nextCheckDate(task, withDecember, settings)!;
        const after = offsets.map((offset) => dateOf(dayNumber(date) + offset)).filter((day) => day <= '2023-12-31');

        // Act / Assess
        for (const day of after) expect(lateness(task, day, withDecember, settings)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('is null for every task not chased', () => {
    fc.assert(
      fc.property(tasks(['closeout_requested', 'accepted', 'closed', 'withdrawn']), settingsArb, (task, settings) => {
        // Act / Assess
        expect(nextCheckDate(task, withDecember, settings)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});
