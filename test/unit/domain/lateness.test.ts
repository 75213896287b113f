import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../shared/domain/calendar.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import {
  escalationPeriod,
  type Lateness,
  lateness,
  type LatenessTask,
  type Level,
  levelLabels,
  levelReached,
  levels,
  newLevels,
} from '../../../shared/domain/lateness.js';
import { lightOf } from '../../../shared/domain/light.js';
import type { Milestone } from '../../../shared/domain/plan.js';
import type { Task, TaskProgress, TaskStatus } from '../../../shared/domain/task.js';
import { defaultTracking, type Ladder } from '../../../shared/domain/tracking.js';
import { cixiTask } from './cixi-tasks.js';

// The real 2022 calendar: 国庆节 2022-10-01…07 off, Saturday 10-08 and Sunday 10-09 worked (调休);
// 劳动节 04-30…05-04 off, Sunday 04-24 and Saturday 05-07 worked.
const calendar = calendarForYears([2022]);
const tracking = defaultTracking; // margin 0.1; 提醒5/催办1/督办5/通报10/约谈20
const ladder = tracking.ladder;

// Facts of samples/cixi-2022.yaml:
// 浒山街道 rechecks 9 spray shops by 2022-09-30 (a Friday): ⅓ by 03-31, ⅔ by 06-30, all by 09-30.
const sprayRecheck = cixiTask('spray-recheck', 'hushan', { status: 'in_progress' });
// 观海卫镇 builds 1 city-level zero-discharge park by 2022-11-30: half by 06-30.
const zeroDischargePark = cixiTask('zero-discharge-parks-city', 'guanhaiwei', { status: 'in_progress' });
// 浒山街道 replaces activated carbon at 10 firms by 2022-10-31: a quarter by 03-31, half by 06-30, ¾ by 09-30.
const activatedCarbon = cixiTask('activated-carbon', 'hushan', { status: 'in_progress' });
// PM2.5 ≤ 29 μg/m³ for 浒山街道 by 2022-12-31.
const pm25 = cixiTask('pm25', 'hushan', { status: 'in_progress' });
// 市生态环境局's plan revision, an action due 2022-09-30; 市治水办's campaign, due 2022-04-30 (劳动节).
const ecoPlan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'in_progress' });
const campaign = cixiTask('campaign-water-quality', 'water-office');
// 浒山街道's handover of river sections, an action due 2022-06-30.
const handover = cixiTask('handover-sections', 'hushan', { status: 'in_progress' });

const report = (fields: Partial<TaskProgress>, asOf = '2022-07-05'): TaskProgress => ({
  asOf,
  reportedBy: 'token:hushan',
  reportedAt: `${asOf}T02:00:00.000Z`,
  ...fields,
});
const withProgress = (task: Task, fields: Partial<TaskProgress>, asOf?: string): Task => ({ ...task, progress: report(fields, asOf) });

describe('levels', () => {
  it('climb 提醒 → 催办 → 督办 → 通报 → 约谈', () => {
    // Act / Assess
    expect(levels.map((level) => levelLabels[level])).toEqual(['提醒', '催办', '督办', '通报', '约谈']);
  });
});

describe('lateness: overdue', () => {
  it('counts working days after the deadline: spray-recheck, due 2022-09-30, is 1 day overdue on Saturday 2022-10-08 (调休)', () => {
    // Act
    const holiday = lateness(sprayRecheck, '2022-10-07', calendar, tracking);
    const swappedSaturday = lateness(sprayRecheck, '2022-10-08', calendar, tracking);
    const sunday = lateness(sprayRecheck, '2022-10-09', calendar, tracking);

    // Assess
    expect(holiday).toEqual({ kind: 'overdue', since: '2022-09-30', workingDays: 0, figures: { deadline: '2022-09-30' } });
    expect(swappedSaturday).toEqual({ kind: 'overdue', since: '2022-09-30', workingDays: 1, figures: { deadline: '2022-09-30' } });
    expect(sunday?.workingDays).toBe(2);
    expect([holiday, swappedSaturday].map((late) => levelReached(late!, ladder))).toEqual([null, 'urge']);
  });

  it('counts a deadline on a Saturday as 1 working day overdue on the Monday after', () => {
    // Prepare: an extension moved the handover to Saturday 2022-07-16
    const extended = { ...handover, deadline: '2022-07-16', originalDeadline: '2022-06-30' };

    // Act / Assess
    expect(lateness(extended, '2022-07-17', calendar, tracking)?.workingDays).toBe(0);
    expect(lateness(extended, '2022-07-18', calendar, tracking)).toEqual({
      kind: 'overdue',
      since: '2022-07-16',
      workingDays: 1,
      figures: { deadline: '2022-07-16' },
    });
  });

  it('counts from the end of 劳动节 for a deadline inside it: the campaign due 2022-04-30 is 1 day overdue on 05-05', () => {
    // Act / Assess
    expect(lateness(campaign, '2022-05-04', calendar, tracking)?.workingDays).toBe(0);
    expect(lateness(campaign, '2022-05-05', calendar, tracking)?.workingDays).toBe(1);
    expect(lateness(campaign, '2022-05-07', calendar, tracking)?.workingDays).toBe(3);
  });

  it('wins over behind: a park half due since 06-30 and still not built is overdue from 2022-12-01', () => {
    // Act
    const onDeadline = lateness(zeroDischargePark, '2022-11-30', calendar, tracking);
    const dayAfter = lateness(zeroDischargePark, '2022-12-01', calendar, tracking);

    // Assess
    expect(onDeadline?.kind).toBe('behind');
    expect(dayAfter).toEqual({ kind: 'overdue', since: '2022-11-30', workingDays: 1, figures: { deadline: '2022-11-30' } });
  });

  it('applies to work done but not handed in for closing: only a close-out request stops it', () => {
    // Prepare
    const built = withProgress(zeroDischargePark, { done: 1 }, '2022-11-20');

    // Act / Assess
    expect(lateness(built, '2022-11-24', calendar, tracking)).toBeNull();
    expect(lateness(built, '2022-12-01', calendar, tracking)?.kind).toBe('overdue');
    expect(lateness({ ...built, status: 'closeout_requested' }, '2022-12-01', calendar, tracking)).toBeNull();
  });
});

describe('lateness: behind', () => {
  it('counts from the milestone missed: the park, half due by 2022-06-30 and not started, is 1 working day behind on 07-01', () => {
    // Act
    const late = lateness(zeroDischargePark, '2022-07-01', calendar, tracking);

    // Assess
    expect(late).toEqual({
      kind: 'behind',
      since: '2022-06-30',
      workingDays: 1,
      figures: { expectedShare: 0.5, actualShare: 0, done: 0, target: 1, milestone: '2022-06-30' },
    });
    expect(levelReached(late!, ladder)).toBe('urge');
  });

  it('keeps counting from the first milestone it is still short of: nothing done since Q1, or a third done since Q2', () => {
    // Act
    const nothing = lateness(sprayRecheck, '2022-07-15', calendar, tracking);
    const third = lateness(withProgress(sprayRecheck, { done: 3 }), '2022-07-15', calendar, tracking);
    const twoThirds = lateness(withProgress(sprayRecheck, { done: 6 }), '2022-07-15', calendar, tracking);

    // Assess
    expect(nothing).toMatchObject({ kind: 'behind', since: '2022-03-31', workingDays: workingDaysBetween(calendar, '2022-03-31', '2022-07-15') });
    expect(nothing?.figures).toMatchObject({ expectedShare: 2 / 3, milestone: '2022-06-30' });
    expect(third).toMatchObject({ kind: 'behind', since: '2022-06-30', workingDays: 11 });
    expect(twoThirds).toBeNull();
  });

  it('is not behind exactly the margin short: 4 of 10 when half is due', () => {
    // Act / Assess
    expect(lateness(withProgress(activatedCarbon, { done: 4 }), '2022-07-01', calendar, tracking)).toBeNull();
    expect(lateness(withProgress(activatedCarbon, { done: 3 }), '2022-07-01', calendar, tracking)).toMatchObject({
      kind: 'behind',
      since: '2022-06-30',
      figures: { expectedShare: 0.5, actualShare: 0.3, done: 3, target: 10, milestone: '2022-06-30' },
    });
  });

  it('judges an indicator by its latest reading, since the day it was taken; exactly the margin off is not behind', () => {
    // Act
    const off = lateness(withProgress(pm25, { value: 32, period: '2022-06' }), '2022-07-12', calendar, tracking);
    const atMargin = lateness(withProgress(pm25, { value: 31.9, period: '2022-06' }), '2022-07-12', calendar, tracking);

    // Assess
    expect(off).toEqual({ kind: 'behind', since: '2022-07-05', workingDays: 5, figures: { value: 32, target: 29, direction: 'at_most' } });
    expect(levelReached(off!, ladder)).toBe('supervise');
    expect(atMargin).toBeNull();
  });

  it('never applies to an action, only its deadline does', () => {
    // Act / Assess
    expect(lateness(ecoPlan, '2022-06-30', calendar, tracking)).toBeNull();
  });

  it('wins over due soon', () => {
    // Act / Assess: a week before the park's deadline, still not built
    expect(lateness(zeroDischargePark, '2022-11-24', calendar, tracking)?.kind).toBe('behind');
  });
});

describe('lateness: due soon', () => {
  it('reminds from 5 working days before the deadline while the work is not done', () => {
    // Act
    const sixLeft = lateness(ecoPlan, '2022-09-22', calendar, tracking);
    const fiveLeft = lateness(ecoPlan, '2022-09-23', calendar, tracking);
    const done = lateness(withProgress(ecoPlan, { complete: true }, '2022-09-20'), '2022-09-23', calendar, tracking);

    // Assess
    expect(sixLeft).toBeNull();
    expect(fiveLeft).toEqual({ kind: 'due_soon', since: '2022-09-23', workingDays: 5, figures: { deadline: '2022-09-30', daysLeft: 5 } });
    expect(levelReached(fiveLeft!, ladder)).toBe('remind');
    expect(lateness(ecoPlan, '2022-09-30', calendar, tracking)?.workingDays).toBe(0);
    expect(done).toBeNull();
  });

  it('counts the days left to a deadline inside a holiday up to its last working day: from Sunday 2022-04-24 (调休) for 04-30', () => {
    // Act / Assess
    expect(lateness(campaign, '2022-04-23', calendar, tracking)).toBeNull();
    expect(lateness(campaign, '2022-04-24', calendar, tracking)).toEqual({
      kind: 'due_soon',
      since: '2022-04-24',
      workingDays: 5,
      figures: { deadline: '2022-04-30', daysLeft: 5 },
    });
    expect(lateness(campaign, '2022-04-29', calendar, tracking)?.workingDays).toBe(0);
  });

  it('always applies to an indicator (judged on the year) and never to a quantity done', () => {
    // Act / Assess
    expect(lateness(withProgress(pm25, { value: 20, period: '2022-11' }), '2022-12-26', calendar, tracking)?.kind).toBe('due_soon');
    expect(lateness(withProgress(activatedCarbon, { done: 10 }), '2022-10-31', calendar, tracking)).toBeNull();
    expect(lateness(withProgress(activatedCarbon, { done: 9 }), '2022-10-31', calendar, tracking)?.kind).toBe('due_soon');
  });

  it('follows the plan: remindBefore 0 only on the deadline itself', () => {
    // Prepare
    const settings = { margin: 0.1, ladder: { ...ladder, remindBefore: 0 } };

    // Act / Assess
    expect(lateness(ecoPlan, '2022-09-29', calendar, settings)).toBeNull();
    expect(lateness(ecoPlan, '2022-09-30', calendar, settings)).toMatchObject({ kind: 'due_soon', since: '2022-09-30', workingDays: 0 });
  });
});

describe('lateness: what stops the chase', () => {
  it.each<TaskStatus>(['closeout_requested', 'accepted', 'closed', 'withdrawn'])('nothing for a task %s, however late', (status) => {
    // Act / Assess
    expect(lateness({ ...zeroDischargePark, status }, '2022-12-30', calendar, tracking)).toBeNull();
    expect(lateness({ ...ecoPlan, status }, '2022-09-26', calendar, tracking)).toBeNull();
  });

  it('an extension makes an overdue task due soon (a new period) or not late at all', () => {
    // Prepare: the plan revision, due 09-30, is 3 working days overdue on 2022-10-10; the bureau extends it
    const overdue = lateness(ecoPlan, '2022-10-10', calendar, tracking);
    const toFriday = { ...ecoPlan, deadline: '2022-10-14', originalDeadline: '2022-09-30' };
    const toNovember = { ...ecoPlan, deadline: '2022-11-30', originalDeadline: '2022-09-30' };

    // Act
    const dueSoon = lateness(toFriday, '2022-10-10', calendar, tracking);
    const notLate = lateness(toNovember, '2022-10-10', calendar, tracking);

    // Assess
    expect(overdue).toMatchObject({ kind: 'overdue', workingDays: 3 });
    expect(dueSoon).toEqual({ kind: 'due_soon', since: '2022-10-09', workingDays: 4, figures: { deadline: '2022-10-14', daysLeft: 4 } });
    expect([escalationPeriod(overdue!), escalationPeriod(dueSoon!)]).toEqual(['overdue:2022-09-30', 'due:2022-10-09']);
    expect(notLate).toBeNull();
  });

  it('an extension of a quantity within the margin of done leaves it not late', () => {
    // Prepare: 9 of 10 firms done, the deadline 10-31 passed
    const nineDone = withProgress(activatedCarbon, { done: 9 }, '2022-10-28');
    const extended: Task = { ...nineDone, deadline: '2022-11-30', originalDeadline: '2022-10-31' };

    // Act / Assess
    expect(lateness(nineDone, '2022-11-01', calendar, tracking)).toMatchObject({ kind: 'overdue', workingDays: 1 });
    expect(lateness(extended, '2022-11-02', calendar, tracking)).toBeNull();
  });
});

describe('levelReached', () => {
  it.each([
    [0, null],
    [1, 'urge'],
    [4, 'urge'],
    [5, 'supervise'],
    [9, 'supervise'],
    [10, 'notice'],
    [19, 'notice'],
    [20, 'summon'],
    [250, 'summon'],
  ])('%d working days late reaches %s on the default ladder', (workingDays, level) => {
    // Act / Assess
    expect(levelReached({ kind: 'overdue', workingDays }, ladder)).toBe(level);
    expect(levelReached({ kind: 'behind', workingDays }, ladder)).toBe(level);
  });

  it('is 提醒 for a task due soon, and follows the plan ladder', () => {
    // Prepare
    const slow: Ladder = { remindBefore: 3, urge: 3, supervise: 10, notice: 15, summon: 30 };

    // Act / Assess
    expect(levelReached({ kind: 'due_soon', workingDays: 5 }, ladder)).toBe('remind');
    expect(levelReached({ kind: 'overdue', workingDays: 2 }, slow)).toBeNull();
    expect(levelReached({ kind: 'overdue', workingDays: 14 }, slow)).toBe('supervise');
  });
});

describe('escalationPeriod and newLevels', () => {
  it('name the period by kind and the day it began', () => {
    // Act / Assess
    expect(escalationPeriod({ kind: 'overdue', since: '2022-09-30' })).toBe('overdue:2022-09-30');
    expect(escalationPeriod({ kind: 'behind', since: '2022-06-30' })).toBe('behind:2022-06-30');
    expect(escalationPeriod({ kind: 'due_soon', since: '2022-09-23' })).toBe('due:2022-09-23');
  });

  it('record the level reached once, without back-filling the levels passed over', () => {
    // Act / Assess
    expect(newLevels('notice', [])).toEqual(['notice']);
    expect(newLevels('notice', ['urge'])).toEqual(['notice']);
    expect(newLevels('notice', ['urge', 'notice'])).toEqual([]);
    expect(newLevels('remind', [])).toEqual(['remind']);
  });

  it('record nothing below a level already raised (a ladder lengthened mid-period)', () => {
    // Act / Assess
    expect(newLevels('supervise', ['urge', 'notice'])).toEqual([]);
  });

  it('a task 12 working days late on the first run gets 通报 directly', () => {
    // Prepare: the chase's first run of the year, 2022-10-20
    const late = lateness(sprayRecheck, '2022-10-20', calendar, tracking)!;

    // Act
    const recorded = newLevels(levelReached(late, ladder)!, []);

    // Assess
    expect(late.workingDays).toBe(11);
    expect(recorded).toEqual(['notice']);
  });
});

describe('a scripted quarter: spray-recheck of 浒山街道, 2022-08-15 to 2022-11-15, the chase every working day', () => {
  it('climbs the ladder on the right working days and records each level once', () => {
    // Prepare: 6 of 9 done by 07-05 (⅔ due, on schedule); then the script
    const script: Record<string, (task: Task) => Task> = {
      '2022-10-21': (task) => withProgress(task, { done: 9 }, '2022-10-21'), // all done, not handed in
      '2022-10-24': (task) => ({ ...task, status: 'closeout_requested' }),
      '2022-10-26': (task) => ({ ...task, status: 'in_progress' }), // the lead department rejects it
    };
    let task = withProgress(sprayRecheck, { done: 6 });
    const raised = new Map<string, Level[]>();
    const days: { date: string; level: string }[] = [];
    const recorded: string[] = [];

    // Act
    for (let date = '2022-08-15'; date <= '2022-11-15'; date = addWorkingDays(calendar, date, 1)) {
      task = script[date]?.(task) ?? task;
      const late = lateness(task, date, calendar, tracking);
      const level = late && levelReached(late, ladder);
      days.push({ date, level: level ? levelLabels[level] : '—' });
      if (!late || !level) continue;
      const period = escalationPeriod(late);
      const fresh = newLevels(level, raised.get(period) ?? []);
      raised.set(period, [...(raised.get(period) ?? []), ...fresh]);
      recorded.push(...fresh.map((l) => `${date} ${levelLabels[l]} ${period}`));
    }

    // Assess: every working day, as runs of the same level
    const runs: [string, string, string][] = [];
    for (const { date, level } of days) {
      const last = runs.at(-1);
      if (last && last[2] === level) last[1] = date;
      else runs.push([date, date, level]);
    }
    expect(runs).toEqual([
      ['2022-08-15', '2022-09-22', '—'],
      ['2022-09-23', '2022-09-29', '提醒'],
      ['2022-09-30', '2022-09-30', '—'], // behind the last milestone since today: 0 working days
      ['2022-10-08', '2022-10-11', '催办'],
      ['2022-10-12', '2022-10-18', '督办'],
      ['2022-10-19', '2022-10-21', '通报'],
      ['2022-10-24', '2022-10-25', '—'], // close-out requested
      ['2022-10-26', '2022-11-01', '通报'],
      ['2022-11-02', '2022-11-15', '约谈'],
    ]);
    expect(recorded).toEqual([
      '2022-09-23 提醒 due:2022-09-23',
      '2022-10-08 催办 overdue:2022-09-30',
      '2022-10-12 督办 overdue:2022-09-30',
      '2022-10-19 通报 overdue:2022-09-30',
      '2022-11-02 约谈 overdue:2022-09-30',
    ]);
  });
});

// ── properties ──────────────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const dayOf2022 = (from = '2022-01-01', to = '2022-12-31') =>
  fc
    .integer({ min: Date.parse(from) / DAY_MS, max: Date.parse(to) / DAY_MS })
    .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10));

/** Ladders the plan schema accepts: urge < supervise < notice < summon. */
const ladders: fc.Arbitrary<Ladder> = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }))
  .map(([remindBefore, urge, [a, b, c]]) => ({ remindBefore, urge, supervise: urge + a!, notice: urge + a! + b!, summon: urge + a! + b! + c! }));

const settingsArb = fc.record({ margin: fc.constantFrom(0, 0.05, 0.1, 0.25), ladder: ladders });

/** Milestones as the plan rules allow them: dates before the deadline rising, shares not shrinking, 1 on the deadline. */
const milestonesBefore = (deadline: string): fc.Arbitrary<Milestone[]> =>
  fc
    .uniqueArray(dayOf2022('2022-01-01', deadline), { maxLength: 4 })
    .chain((dates) =>
      fc
        .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: dates.length, maxLength: dates.length })
        .map((shares) => ({ dates, shares })),
    )
    .map(({ dates, shares }) => {
      const before = [...dates].filter((d) => d < deadline).sort();
      const sorted = [...shares].sort((x, y) => x - y);
      return [...before.map((date, i): Milestone => ({ date, share: sorted[i]! })), { date: deadline, share: 1 }];
    });

const progressArb = (fields: fc.Arbitrary<Partial<TaskProgress>>) =>
  fc.option(fc.tuple(fields, dayOf2022()).map(([f, asOf]) => report(f, asOf)), { nil: null });

/** Tasks of every kind in 2022, deadlines from mid-February (so that 20 working days before stays in the year). */
const tasks = (statuses: readonly TaskStatus[]): fc.Arbitrary<LatenessTask> =>
  fc.record({ deadline: dayOf2022('2022-02-15'), status: fc.constantFrom(...statuses) }).chain(({ deadline, status }) =>
    fc.oneof(
      fc.record({
        kind: fc.constant('quantity' as const),
        status: fc.constant(status),
        deadline: fc.constant(deadline),
        target: fc.integer({ min: 0, max: 200 }),
        milestones: milestonesBefore(deadline),
        progress: progressArb(fc.record({ done: fc.integer({ min: 0, max: 220 }) })),
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
const rankOf = (level: Level | null) => (level === null ? -1 : levels.indexOf(level));
const kindRank = (late: Lateness | null) => (late === null ? 0 : { due_soon: 1, behind: 2, overdue: 3 }[late.kind]);

describe('lateness: properties', () => {
  it('as days pass and nothing changes, lateness moves only forward (due soon → behind → overdue) and within a period its level never goes down', () => {
    fc.assert(
      fc.property(tasks(chased), settingsArb, fc.uniqueArray(dayOf2022(), { minLength: 2, maxLength: 30 }), (task, settings, dates) => {
        // Prepare
        const days = [...dates].sort();
        let previous: { late: Lateness | null; level: Level | null } | undefined;

        for (const today of days) {
          // Act
          const late = lateness(task, today, calendar, settings);
          const level = late && levelReached(late, settings.ladder);

          // Assess
          if (previous) {
            expect(kindRank(late)).toBeGreaterThanOrEqual(kindRank(previous.late));
            if (late && previous.late && escalationPeriod(late) === escalationPeriod(previous.late))
              expect(rankOf(level)).toBeGreaterThanOrEqual(rankOf(previous.level));
          }
          previous = { late, level };
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a chase run every day records each level at most once per period, always higher than the last', () => {
    fc.assert(
      fc.property(tasks(chased), settingsArb, fc.uniqueArray(dayOf2022(), { minLength: 1, maxLength: 40 }), (task, settings, dates) => {
        // Prepare
        const raised = new Map<string, Level[]>();

        // Act
        for (const today of [...dates].sort()) {
          const late = lateness(task, today, calendar, settings);
          const level = late && levelReached(late, settings.ladder);
          if (!late || !level) continue;
          const period = escalationPeriod(late);
          raised.set(period, [...(raised.get(period) ?? []), ...newLevels(level, raised.get(period) ?? [])]);
        }

        // Assess
        for (const recorded of raised.values()) {
          const ranks = recorded.map((level) => levels.indexOf(level));
          expect(ranks).toEqual([...new Set(ranks)].sort((a, b) => a - b));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is null for every task no longer the unit’s to chase', () => {
    fc.assert(
      fc.property(tasks(['closed', 'withdrawn', 'accepted', 'closeout_requested']), settingsArb, dayOf2022(), (task, settings, today) => {
        // Act / Assess
        expect(lateness(task, today, calendar, settings)).toBeNull();
      }),
    );
  });

  it('agrees with the traffic light: overdue when red, behind when yellow', () => {
    fc.assert(
      fc.property(tasks(chased), settingsArb, dayOf2022(), (task, settings, today) => {
        // Act
        const late = lateness(task, today, calendar, settings);
        const light = lightOf(task, today, settings.margin);

        // Assess
        expect(late?.kind === 'overdue').toBe(light === 'red');
        expect(late?.kind === 'behind').toBe(light === 'yellow');
      }),
    );
  });

  it('counts working days from a day on or before today; a task due soon is so from its `since` and not the working day before', () => {
    fc.assert(
      fc.property(tasks(chased), settingsArb, dayOf2022('2022-02-01'), (task, settings, today) => {
        // Act
        const late = lateness(task, today, calendar, settings);

        // Assess
        if (!late) return;
        expect(late.workingDays).toBeGreaterThanOrEqual(0);
        if (late.kind !== 'due_soon') {
          if (late.since <= today) expect(late.workingDays).toBe(workingDaysBetween(calendar, late.since, today));
          return;
        }
        const { remindBefore } = settings.ladder;
        expect(late.since <= today).toBe(true);
        expect(isWorkingDay(calendar, late.since)).toBe(true);
        expect(workingDaysBetween(calendar, late.since, task.deadline)).toBeLessThanOrEqual(remindBefore);
        expect(workingDaysBetween(calendar, addWorkingDays(calendar, late.since, -1), task.deadline)).toBeGreaterThan(remindBefore);
      }),
    );
  });
});

describe('levelReached: properties', () => {
  it('never goes down as the working days late grow', () => {
    fc.assert(
      fc.property(ladders, fc.constantFrom('overdue' as const, 'behind' as const), fc.nat(300), fc.nat(300), (plan, kind, a, b) => {
        // Prepare
        const [fewer, more] = a <= b ? [a, b] : [b, a];

        // Act / Assess
        const [lower, higher] = [levelReached({ kind, workingDays: fewer }, plan), levelReached({ kind, workingDays: more }, plan)];
        expect(rankOf(higher)).toBeGreaterThanOrEqual(rankOf(lower));
        expect(levelReached({ kind, workingDays: fewer }, plan) === null).toBe(fewer < plan.urge);
      }),
    );
  });
});
