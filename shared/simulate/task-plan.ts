import { addWorkingDays, isWorkingDay, type WorkCalendar, workingDaysBetween } from '../domain/calendar.js';
import { isStrict, lowerIsBetter } from '../domain/target.js';
import type { Task, TaskProgress } from '../domain/task.js';
import { between, intBetween, streamOf, weighted, type Random } from './random.js';

/*
 * How one unit behaves on one task over its plan year, drawn from the seed: its behaviour (on time, late,
 * short of the target, off the target, never), the reports it will file (dates and cumulative figures) and
 * how long the bureau takes to accept and close what it declares done. Pure and deterministic: the same
 * seed and task give the same plan, whatever else the plan holds.
 */

/** What the simulation reads of a task: the static facts, and its status and progress as they stand. */
export type SimTask = Pick<Task, 'id' | 'unitId' | 'year' | 'kind' | 'target' | 'direction' | 'unitOfMeasure' | 'deadline' | 'milestones' | 'status'> & {
  progress: Pick<TaskProgress, 'asOf' | 'done' | 'value' | 'period' | 'complete'> | null;
};

export type Behaviour =
  /** Reports around each milestone (a few days before it, or the day after), finishes before the deadline. */
  | 'on_time'
  /** Reports weeks after each milestone, finishes after the deadline (or not within the year). */
  | 'late'
  /** quantity: reports on time but achieves only part of what is due, never the whole target. */
  | 'short'
  /** indicator: reports on time, values on the wrong side of the target by more than the margin. */
  | 'off_target'
  /** Never reports. */
  | 'never';

/** How likely each behaviour is, per kind of goal. */
const behaviours: Readonly<Record<Task['kind'], readonly (readonly [Behaviour, number])[]>> = {
  quantity: [['on_time', 0.68], ['late', 0.17], ['short', 0.08], ['never', 0.07]],
  indicator: [['on_time', 0.75], ['late', 0.08], ['off_target', 0.1], ['never', 0.07]],
  action: [['on_time', 0.72], ['late', 0.2], ['never', 0.08]],
};

export interface TaskProfile {
  behaviour: Behaviour;
  /** 'short': the share of what is due the unit achieves (0.5–0.85); else 1. */
  attainment: number;
  /** Working days from the close-out request (the day of the completing report) to the bureau's acceptance. */
  acceptAfter: number;
  /** Working days from the acceptance to the closing (销号). */
  closeAfter: number;
}

/** One report the unit will file: on `date` (a working day of the plan year), these cumulative figures. */
export interface PlannedReport {
  date: string;
  done?: number;
  value?: number;
  period?: string;
  complete?: boolean;
}

export interface TaskPlan {
  profile: TaskProfile;
  /** By date, ascending; the figures never go backwards. */
  reports: PlannedReport[];
}

export interface PlanSettings {
  seed: number;
  /** Covers at least the task's plan year. */
  calendar: WorkCalendar;
  /** The plan's margin (tracking.margin): how far off the target an 'off_target' indicator must be to show yellow. */
  margin: number;
}

export function profileOf(task: Pick<SimTask, 'id' | 'kind'>, seed: number): TaskProfile {
  const random = streamOf(seed, `${task.id}:profile`);
  const behaviour = weighted(random, behaviours[task.kind]);
  const attainment = between(random, 0.5, 0.85);
  return {
    behaviour,
    attainment: behaviour === 'short' ? attainment : 1,
    acceptAfter: intBetween(random, 1, 4),
    closeAfter: intBetween(random, 0, 2),
  };
}

/** The unit's profile and the reports it will file on this task. */
export function taskPlanOf(task: SimTask, settings: PlanSettings): TaskPlan {
  const profile = profileOf(task, settings.seed);
  if (profile.behaviour === 'never') return { profile, reports: [] };
  const random = streamOf(settings.seed, `${task.id}:reports`);
  const year = new YearDays(settings.calendar, task.year);
  const planned =
    task.kind === 'quantity'
      ? quantityReports(task, profile, year, random)
      : task.kind === 'indicator'
        ? indicatorReports(task, profile, year, random, settings.margin)
        : actionReports(task, profile, year, random);
  return { profile, reports: inDateOrder(planned) };
}

type Draft = Omit<PlannedReport, 'date'> & { date: string | undefined };

/** Drops the reports that would fall after the plan year (progress is reported within it) and keeps the dates from going back. */
function inDateOrder(drafts: readonly Draft[]): PlannedReport[] {
  const reports: PlannedReport[] = [];
  for (const { date, ...figures } of drafts) {
    if (date === undefined) continue;
    const previous = reports.at(-1)?.date;
    reports.push({ date: previous !== undefined && previous > date ? previous : date, ...figures });
  }
  return reports;
}

/**
 * One report per milestone (the last is the deadline, the whole target). On time: from 3 working days
 * before to 1 after each milestone (a day after is not late yet: the ladder's 催办 comes one working day
 * after), the last 3–12 working days before the deadline. Late: 5–25 working days after each. Short: on
 * time, with a part of what is due.
 */
function quantityReports(task: SimTask, profile: TaskProfile, year: YearDays, random: Random): Draft[] {
  const target = task.target ?? 0;
  return task.milestones.map((milestone, i) => {
    const last = i === task.milestones.length - 1;
    const shift =
      profile.behaviour === 'late' ? intBetween(random, 5, 25) : last && profile.behaviour === 'on_time' ? -intBetween(random, 3, 12) : intBetween(random, -3, 1);
    const due = milestone.share * target;
    const done = profile.behaviour === 'short' ? roundDown(due * profile.attainment, target) : Math.min(target, roundUp(due, target));
    return { date: year.shift(milestone.date, shift), done };
  });
}

const QUARTER_ENDS = ['03-31', '06-30', '09-30'] as const;

/**
 * A reading after each quarter's end before the deadline (period `YYYY-Qn`), then the year's value
 * (period `YYYY`) shortly before the deadline, or after it when late. On the right side of the target,
 * except 'off_target': the wrong side by 1.5–3 times the margin.
 */
function indicatorReports(task: SimTask, profile: TaskProfile, year: YearDays, random: Random, margin: number): Draft[] {
  const late = profile.behaviour === 'late';
  const quarters = QUARTER_ENDS.map((monthDay, i) => ({ end: `${task.year}-${monthDay}`, period: `${task.year}-Q${i + 1}` })).filter(
    (quarter) => quarter.end < task.deadline,
  );
  const readings = quarters.map((quarter) => ({ date: year.shift(quarter.end, late ? intBetween(random, 10, 30) : intBetween(random, 0, 10)), period: quarter.period }));
  readings.push({ date: year.shift(task.deadline, late ? intBetween(random, 3, 15) : -intBetween(random, 1, 8)), period: String(task.year) });
  return readings.map((reading) => ({ ...reading, value: indicatorValue(task, profile.behaviour === 'off_target', random(), margin) }));
}

function indicatorValue(task: SimTask, off: boolean, draw: number, margin: number): number {
  const target = task.target ?? 0;
  const direction = task.direction ?? 'at_most';
  const atMost = lowerIsBetter(direction);
  // A value on a strict target (高于95%) does not meet it: an on-target unit is a tenth better.
  const step = isStrict(direction) ? 0.1 : 0;
  if (off) {
    // 1.5–3 times what the margin allows, and never 0 (a margin of 0, a target of 0).
    const gap = Math.max(Math.abs(target), 1) * Math.max(margin, 0.05) * (1.5 + 1.5 * draw);
    return atMost ? ceilTenth(target + gap) : floorTenth(target - gap);
  }
  if (atMost) return floorTenth(target - step - Math.abs(target) * 0.08 * draw);
  const better = ceilTenth(target + step + Math.abs(target) * 0.05 * draw);
  // A percentage does not go past 100 (a target of 100 % is met exactly).
  return task.unitOfMeasure === '%' ? Math.max(target, Math.min(100, better)) : better;
}

/** Done 0–12 working days before the deadline, or 1–20 after it when late. */
function actionReports(task: SimTask, profile: TaskProfile, year: YearDays, random: Random): Draft[] {
  const shift = profile.behaviour === 'late' ? intBetween(random, 1, 20) : -intBetween(random, 0, 12);
  return [{ date: year.shift(task.deadline, shift), complete: true }];
}

/** Whole numbers for a whole target (projects, shops), tenths otherwise (kilometres). */
function roundUp(amount: number, target: number): number {
  return Number.isInteger(target) ? Math.ceil(amount - 1e-9) : Math.ceil(amount * 10 - 1e-9) / 10;
}

function roundDown(amount: number, target: number): number {
  return Number.isInteger(target) ? Math.floor(amount + 1e-9) : Math.floor(amount * 10 + 1e-9) / 10;
}

const ceilTenth = (value: number) => Math.ceil(value * 10 - 1e-9) / 10;
const floorTenth = (value: number) => Math.floor(value * 10 + 1e-9) / 10;

/**
 * Working-day steps that stay within one year, so that only that year's calendar is needed: a step back
 * past 1 January lands on the year's first working day, a step forward past 31 December is undefined
 * (no report can be dated there).
 */
class YearDays {
  private readonly start: string;
  private readonly end: string;

  constructor(
    private readonly calendar: WorkCalendar,
    year: number,
  ) {
    this.start = `${year}-01-01`;
    this.end = `${year}-12-31`;
  }

  /** `n` working days after `date` (before it when negative); 0: `date` if a working day, else the next one. */
  shift(date: string, n: number): string | undefined {
    const { calendar } = this;
    if (n < 0) {
      // Working days in [start, date): enough to step back |n| without leaving the year?
      const before = workingDaysBetween(calendar, this.start, date) + (isWorkingDay(calendar, this.start) ? 1 : 0) - (isWorkingDay(calendar, date) ? 1 : 0);
      return before >= -n ? addWorkingDays(calendar, date, n) : addWorkingDays(calendar, this.start, 0);
    }
    if (n === 0 && isWorkingDay(calendar, date)) return date;
    return workingDaysBetween(calendar, date, this.end) >= Math.max(n, 1) ? addWorkingDays(calendar, date, Math.max(n, 1)) : undefined;
  }
}
