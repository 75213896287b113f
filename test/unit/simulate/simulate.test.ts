import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoteBody, ReportBody, ReviewBody } from '../../../functions/tasks/schema.js';
import { allocateGoal } from '../../../shared/domain/allocation.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { actorsOf, stepFor } from '../../../shared/domain/lifecycle.js';
import { lightOf } from '../../../shared/domain/light.js';
import { progressFromReport } from '../../../shared/domain/progress.js';
import type { Task } from '../../../shared/domain/task.js';
import { type DaySettings, dayPlanner, isDone, SIMULATED_NOTE, type TaskDay } from '../../../shared/simulate/day.js';
import { hash32, mulberry32, streamOf } from '../../../shared/simulate/random.js';
import { requestOf } from '../../../shared/simulate/requests.js';
import { profileOf, taskPlanOf } from '../../../shared/simulate/task-plan.js';
import { cixi, cixiTask } from '../domain/cixi-tasks.js';

// Every task the breakdown gives the Cixi sample (185), freshly assigned.
const cixiTasks: Task[] = cixi.goals.flatMap((goal) => allocateGoal(cixi, goal).map((allocation) => cixiTask(goal.id, allocation.unitId)));
// 2023 too: the bureau still accepts and closes in January what was reported in December.
const calendar = calendarForYears([2022, 2023]);
const settingsOf = (seed: number): DaySettings => ({ seed, calendar, margin: 0.1, reviewLevels: 2 });

const DAY_MS = 86_400_000;
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

interface Run {
  /** Every day's actions, as planned. */
  days: { day: string; work: TaskDay[] }[];
  /** The tasks at the end. */
  tasks: Map<string, Task>;
}

/**
 * The walk the CLI drives over HTTP, in memory: each step goes through the domain rules the API applies
 * (the lifecycle table for the acting unit or the bureau, `progressFromReport` with the day as today),
 * which throw when a step would be refused.
 */
function run(tasks: readonly Task[], seed: number, from = '2022-01-01', to = '2023-01-31'): Run {
  const settings = settingsOf(seed);
  const planDay = dayPlanner(settings);
  const current = new Map(tasks.map((task) => [task.id, structuredClone(task)]));
  const days: Run['days'] = [];
  for (const day of daysOf(from, to)) {
    const work = planDay([...current.values()], day);
    days.push({ day, work });
    for (const { taskId, steps } of work) {
      for (const step of steps) {
        const task = current.get(taskId)!;
        const principal = step.action === 'report' || step.action === 'request_closeout' ? { role: 'unit' as const, unitId: task.unitId } : { role: 'admin' as const };
        const next = stepFor(task, step.action, actorsOf(principal, task), settings.reviewLevels);
        const progress =
          step.action === 'report' ? progressFromReport(task, step.report, { today: day, by: 'token:sim', at: `${day}T02:00:00.000Z` }) : task.progress;
        current.set(taskId, { ...task, status: next.to, progress, version: task.version + 1 });
      }
    }
  }
  return { days, tasks: current };
}

describe('the seeded random numbers', () => {
  it('give the same sequence for the same seed, another for another seed, all in [0, 1)', () => {
    // Act
    const draw = (seed: number) => Array.from({ length: 1000 }, mulberry32(seed));
    const [a, again, b] = [draw(42), draw(42), draw(43)];

    // Assess
    expect(again).toStrictEqual(a);
    expect(b).not.toStrictEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = a.reduce((sum, x) => sum + x, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('key a stream by seed and name: FNV-1a of the key, so no task draws from another one’s stream', () => {
    // Act / Assess
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c); // the FNV-1a reference value
    expect(streamOf(1, 'cixi-2022.pm25.hushan:profile')()).toBe(streamOf(1, 'cixi-2022.pm25.hushan:profile')());
    expect(streamOf(1, 'cixi-2022.pm25.hushan:profile')()).not.toBe(streamOf(1, 'cixi-2022.pm25.andong:profile')());
  });
});

describe('profiles', () => {
  it('make most units punctual, and some late, short, off target or silent, each where its kind allows', () => {
    // Act
    const behaviours = cixiTasks.map((task) => ({ kind: task.kind, behaviour: profileOf(task, 1).behaviour }));

    // Assess
    const count = (behaviour: string) => behaviours.filter((b) => b.behaviour === behaviour).length;
    expect(count('on_time')).toBeGreaterThan(cixiTasks.length / 2);
    for (const behaviour of ['late', 'never']) expect(count(behaviour)).toBeGreaterThan(0);
    expect(behaviours.filter((b) => b.behaviour === 'short').every((b) => b.kind === 'quantity')).toBe(true);
    expect(behaviours.filter((b) => b.behaviour === 'off_target').every((b) => b.kind === 'indicator')).toBe(true);
  });

  it('of a task depend on the seed and the task only, not on the other tasks or their order', () => {
    // Prepare
    const task = cixiTask('vocs-projects', 'zhouxiang');
    const others = [...cixiTasks].reverse();

    // Act / Assess
    expect(taskPlanOf(task, settingsOf(9))).toStrictEqual(taskPlanOf(task, settingsOf(9)));
    expect(taskPlanOf(task, settingsOf(10))).not.toStrictEqual(taskPlanOf(task, settingsOf(9)));
    for (const day of daysOf('2022-03-25', '2022-04-08')) {
      const alone = dayPlanner(settingsOf(9))([task], day);
      const amongOthers = dayPlanner(settingsOf(9))(others, day).filter((work) => work.taskId === task.id);
      expect(amongOthers).toStrictEqual(alone);
    }
  });
});

describe('planned reports', () => {
  // Seeds found by drawing: the behaviour each test needs for that task.
  const seedWith = (task: Task, behaviour: string) => {
    for (let seed = 0; seed < 10_000; seed++) if (profileOf(task, seed).behaviour === behaviour) return seed;
    throw new Error(`no seed below 10000 makes ${task.id} ${behaviour}`);
  };

  it('of a punctual quantity unit: around each milestone, the whole target 3–12 working days before the deadline', () => {
    // Prepare: 浒山街道 replaces activated carbon at 10 firms by 2022-10-31: ¼, ½, ¾ by the quarter ends.
    const task = cixiTask('activated-carbon', 'hushan');

    // Act
    const { reports } = taskPlanOf(task, settingsOf(seedWith(task, 'on_time')));

    // Assess
    expect(reports.map((report) => report.done)).toStrictEqual([3, 5, 8, 10]);
    expect(reports[0]!.date >= '2022-03-28' && reports[0]!.date <= '2022-04-01').toBe(true);
    expect(reports[3]!.date >= '2022-10-13' && reports[3]!.date <= '2022-10-26').toBe(true);
    // Never behind on the days it reports.
    for (const report of reports) expect(lightOf({ ...task, progress: { asOf: report.date, done: report.done!, reportedBy: '', reportedAt: '' } }, report.date, 0.1)).toBe('green');
  });

  it('of an off-target indicator: on the wrong side by more than the margin, so the light is yellow', () => {
    // Prepare: PM2.5 ≤ 29 μg/m³ for 浒山街道.
    const task = cixiTask('pm25', 'hushan');

    // Act
    const { reports } = taskPlanOf(task, settingsOf(seedWith(task, 'off_target')));

    // Assess
    expect(reports.map((report) => report.period)).toStrictEqual(['2022-Q1', '2022-Q2', '2022-Q3', '2022']);
    for (const report of reports) {
      expect(report.value).toBeGreaterThan(29 * 1.1);
      expect(lightOf({ ...task, progress: { asOf: report.date, value: report.value!, period: report.period!, reportedBy: '', reportedAt: '' } }, report.date, 0.1)).toBe('yellow');
    }
  });

  it('of a late action: complete after the deadline; of a silent unit: none', () => {
    // Prepare: 市治水办's campaign, due 2022-04-30.
    const task = cixiTask('campaign-water-quality', 'water-office');

    // Act
    const late = taskPlanOf(task, settingsOf(seedWith(task, 'late'))).reports;
    const never = taskPlanOf(task, settingsOf(seedWith(task, 'never'))).reports;

    // Assess
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ complete: true });
    expect(late[0]!.date > '2022-04-30').toBe(true);
    expect(never).toStrictEqual([]);
  });
});

describe('a day', () => {
  it('off (a Sunday, a holiday) has nothing to do', () => {
    // Act / Assess
    expect(dayPlanner(settingsOf(1))(cixiTasks, '2022-03-27')).toStrictEqual([]);
    expect(dayPlanner(settingsOf(1))(cixiTasks, '2022-10-03')).toStrictEqual([]);
  });

  it('has reports dated that day and marked as simulated, then the close-out once the work is done', () => {
    // Act
    const { days } = run(cixiTasks, 5);

    // Assess
    const steps = days.flatMap(({ day, work }) => work.flatMap((w) => w.steps.map((step) => ({ day, step }))));
    const reports = steps.filter((s) => s.step.action === 'report');
    expect(reports.length).toBeGreaterThan(cixiTasks.length);
    for (const { day, step } of reports) expect(step).toMatchObject({ report: { asOf: day, note: SIMULATED_NOTE } });
    for (const action of ['request_closeout', 'accept', 'close']) expect(steps.some((s) => s.step.action === action)).toBe(true);
  });

  it('sends each close-out request, acceptance and close naming the day it is taken on, in a body the task routes take', () => {
    // Act
    const { days } = run(cixiTasks, 5);

    // Assess: the day's reports are dated by their as-of; the rest carry the day as \`on\`.
    const requests = days.flatMap(({ day, work }) => work.flatMap((w) => w.steps.map((step) => ({ day, action: step.action, request: requestOf(step, day) }))));
    const reviewed = requests.filter((r) => r.action !== 'report');
    expect(new Set(reviewed.map((r) => r.action))).toStrictEqual(new Set(['request_closeout', 'accept', 'close']));
    for (const { day, action, request } of requests) {
      if (action === 'report') expect(request).toMatchObject({ path: '/updates', body: { asOf: day } });
      else expect(request.body, action).toMatchObject({ on: day });
      const schema = request.path === '/review' ? ReviewBody : request.path === '/updates' ? ReportBody : NoteBody;
      expect(schema.safeParse({ ...request.body, version: 2 }).success, `${action} ${day}`).toBe(true);
    }
  });

  it('closes only what is done, and leaves the silent units’ tasks open', () => {
    // Act
    const { tasks } = run(cixiTasks, 5);

    // Assess
    const closed = [...tasks.values()].filter((task) => task.status === 'closed');
    expect(closed.length).toBeGreaterThan(cixiTasks.length / 2);
    for (const task of closed) expect(isDone(task, task.progress!)).toBe(true);
    for (const task of cixiTasks.filter((t) => profileOf(t, 5).behaviour === 'never')) expect(tasks.get(task.id)).toMatchObject({ status: 'assigned', progress: null });
  });

  it('with one review level, accepting closes: no close step follows', () => {
    // Act
    const planDay = dayPlanner({ ...settingsOf(5), reviewLevels: 1 });
    const accepted = cixiTasks.map((task) => ({ ...task, status: 'closeout_requested' as const, progress: { asOf: '2022-03-01', done: task.target ?? 0, complete: true, reportedBy: '', reportedAt: '' } }));
    const work = planDay(accepted, '2022-06-01');

    // Assess
    expect(work.length).toBe(cixiTasks.length);
    for (const { steps } of work) expect(steps).toStrictEqual([{ action: 'accept' }]);
  });
});

describe('the simulation, property-based', () => {
  const seeds = fc.integer({ min: 0, max: 0xffff_ffff });
  // A year of every Cixi task takes a moment: a handful of random subsets and seeds is plenty.
  const subsets = fc.shuffledSubarray(cixiTasks, { minLength: 1, maxLength: 40 });

  it('takes only steps the API allows, and reports never go backwards nor beyond the target', () => {
    fc.assert(
      fc.property(subsets, seeds, (tasks, seed) => {
        // Act: run() throws on any step the lifecycle or the progress rules refuse.
        const { days } = run(tasks, seed);

        // Assess
        const last = new Map<string, { asOf: string; done?: number }>();
        for (const { work } of days)
          for (const { taskId, steps } of work)
            for (const step of steps) {
              if (step.action !== 'report') continue;
              const task = tasks.find((t) => t.id === taskId)!;
              const before = last.get(taskId);
              if (before) expect(step.report.asOf > before.asOf).toBe(true);
              if (task.kind === 'quantity') {
                expect(step.report.done!).toBeGreaterThanOrEqual(before?.done ?? 0);
                expect(step.report.done!).toBeLessThanOrEqual(task.target!);
              }
              if (task.kind === 'action') expect(step.report.complete).toBe(true);
              last.set(taskId, { asOf: step.report.asOf, ...(step.report.done === undefined ? {} : { done: step.report.done }) });
            }
      }),
      { numRuns: 12 },
    );
  });

  it('plans the same actions for the same seed, whatever the order of the tasks', () => {
    fc.assert(
      fc.property(subsets, seeds, (tasks, seed) => {
        // Act
        const first = run(tasks, seed);
        const again = run([...tasks].reverse(), seed);

        // Assess
        expect(again.days).toStrictEqual(first.days);
      }),
      { numRuns: 6 },
    );
  });
});
