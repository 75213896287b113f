import { levels, type Level } from './lateness.js';
import { lightOf, type LightTask } from './light.js';
import { taskStatuses, type Task, type TaskStatus } from './task.js';

/*
 * A plan's summary (docs/decisions/0017-plan-summary.md): per unit and per goal, how many tasks stand at
 * each light, status and escalation level, and the done and target sums of quantities. Pure.
 *
 * A row of the summary is a sum of counters, each task adding its own contribution. A contribution does
 * not depend on the day: a task's light is a step function of the date (it can change only on a milestone
 * date and on the day after the deadline), so the task adds its whole light schedule, `light@<from>@<light>`
 * (+1 where a light begins, −1 where it ends). The row's lights on any day are the sums of the counters
 * dated on or before it. A task change therefore adds `contribution(after) − contribution(before)` to its
 * rows, whatever day it is, and the summary stays right on days nobody writes.
 */

export const summaryLights = ['green', 'yellow', 'red', 'none'] as const;
export type SummaryLight = (typeof summaryLights)[number];
export const summaryLevels = ['none', ...levels] as const;
export type SummaryLevel = 'none' | Level;

/** Counter name → value: one task's contribution, or a row's sum of them. */
export type Counters = Record<string, number>;

/** What the summary reads of a task. */
export type SummaryTask = LightTask & Pick<Task, 'goalId' | 'unitId' | 'escalation'>;

/** Before every date: the light a task has until its first change. */
const BEGINNING = '0000-00-00';

const statusCounter = (status: TaskStatus) => `status@${status}`;
const levelCounter = (level: SummaryLevel) => `level@${level}`;
const lightCounter = (from: string, light: SummaryLight) => `light@${from}@${light}`;
const TARGET = 'target';
const DONE = 'done';

/** The row keys a task adds to: its unit's and its goal's. */
export const unitRow = (unitId: string) => `UNIT#${unitId}`;
export const goalRow = (goalId: string) => `GOAL#${goalId}`;

/** The day after an ISO date: from then on a task past its deadline is red. */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The task's light from each day it changes on (the first from the beginning); `none` when withdrawn. */
export function lightSchedule(task: LightTask, margin: number): [from: string, light: SummaryLight][] {
  const lightOn = (day: string): SummaryLight => lightOf(task, day, margin) ?? 'none';
  const schedule: [string, SummaryLight][] = [[BEGINNING, lightOn(BEGINNING)]];
  const days = [...new Set([...task.milestones.map((milestone) => milestone.date), dayAfter(task.deadline)])].sort();
  for (const day of days) {
    const light = lightOn(day);
    if (light !== schedule.at(-1)![1]) schedule.push([day, light]);
  }
  return schedule;
}

/** What one task adds to each of its rows. */
export function contributionOf(task: SummaryTask, margin: number): Counters {
  const counters: Counters = {};
  const add = (name: string, value: number) => {
    counters[name] = (counters[name] ?? 0) + value;
  };
  add(statusCounter(task.status), 1);
  add(levelCounter(task.escalation?.level ?? 'none'), 1);
  let previous: SummaryLight | undefined;
  for (const [from, light] of lightSchedule(task, margin)) {
    if (previous) add(lightCounter(from, previous), -1);
    add(lightCounter(from, light), 1);
    previous = light;
  }
  if (task.kind === 'quantity' && task.status !== 'withdrawn') {
    add(TARGET, task.target ?? 0);
    add(DONE, task.progress?.done ?? 0);
  }
  return counters;
}

/** `after − before` (either absent: a task created or gone), without the counters that do not move. */
export function contributionDelta(before: SummaryTask | undefined, after: SummaryTask | undefined, margin: number): Counters {
  const delta: Counters = { ...(after ? contributionOf(after, margin) : {}) };
  for (const [name, value] of Object.entries(before ? contributionOf(before, margin) : {})) delta[name] = (delta[name] ?? 0) - value;
  return Object.fromEntries(Object.entries(delta).filter(([, value]) => value !== 0));
}

/** The rows one task change moves, with what it adds to each; empty when nothing counted changes. */
export function rowDeltas(before: SummaryTask | undefined, after: SummaryTask | undefined, margin: number): Map<string, Counters> {
  const task = (after ?? before)!;
  const delta = contributionDelta(before, after, margin);
  if (Object.keys(delta).length === 0) return new Map();
  return new Map([
    [unitRow(task.unitId), delta],
    [goalRow(task.goalId), delta],
  ]);
}

/** Adds counters into a sum. */
export function addCounters(sum: Counters, counters: Counters): Counters {
  for (const [name, value] of Object.entries(counters)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

/** The summary recomputed from the tasks: each row key with the sum of its tasks' contributions. */
export function summaryOfTasks(tasks: readonly SummaryTask[], margin: number): Map<string, Counters> {
  const rows = new Map<string, Counters>();
  for (const task of tasks) {
    const contribution = contributionOf(task, margin);
    for (const row of [unitRow(task.unitId), goalRow(task.goalId)]) {
      if (!rows.has(row)) rows.set(row, {});
      addCounters(rows.get(row)!, contribution);
    }
  }
  return rows;
}

export interface Figures {
  /** Tasks that are someone's work: every task but the withdrawn ones. */
  tasks: number;
  closed: number;
  /** closed / tasks, 4 decimals; null without tasks. */
  completionRate: number | null;
  /** Every task's light on `today`, withdrawn ones as `none`: the lights add up to the statuses. */
  light: Record<SummaryLight, number>;
  status: Record<TaskStatus, number>;
  /** The level each task's escalation records (`none` when never escalated). */
  level: Record<SummaryLevel, number>;
}

export interface QuantityFigures {
  /** Sums over the quantity tasks that are not withdrawn. */
  target: number;
  done: number;
}

/** A row's figures on `today` (YYYY-MM-DD). */
export function figuresOf(counters: Counters, today: string): Figures & QuantityFigures {
  const count = (name: string) => counters[name] ?? 0;
  const light = Object.fromEntries(summaryLights.map((name) => [name, 0])) as Record<SummaryLight, number>;
  for (const [name, value] of Object.entries(counters)) {
    const [kind, from, which] = name.split('@');
    if (kind === 'light' && from! <= today) light[which as SummaryLight] += value;
  }
  const status = Object.fromEntries(taskStatuses.map((name) => [name, count(statusCounter(name))])) as Record<TaskStatus, number>;
  const level = Object.fromEntries(summaryLevels.map((name) => [name, count(levelCounter(name))])) as Record<SummaryLevel, number>;
  const tasks = taskStatuses.reduce((sum, name) => sum + (name === 'withdrawn' ? 0 : status[name]), 0);
  return {
    tasks,
    closed: status.closed,
    completionRate: rateOf(status.closed, tasks),
    light,
    status,
    level,
    target: rounded(count(TARGET)),
    done: rounded(count(DONE)),
  };
}

export function rateOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** Sums of reported decimals: what a sum of binary fractions adds on the ninth decimal is noise. */
const rounded = (value: number) => Math.round(value * 1e6) / 1e6;

export interface SummaryPlan {
  planId: string;
  name: string;
  year: number;
  units: readonly { id: string; name: string; kind: string }[];
  goals: readonly { id: string; title: string; kind: Task['kind']; unitOfMeasure?: string }[];
}

/**
 * The answer of `GET /plans/{planId}/summary`: the rows of the plan's units and goals in plan order (a row
 * without tasks counts zeros), and the units' rows added up. `plan.units` may be a selection (a unit's own).
 */
export function planSummaryAnswer(plan: SummaryPlan, rows: ReadonlyMap<string, Counters>, moment: { today: string; asOf: string }) {
  const figures = (row: string) => figuresOf(rows.get(row) ?? {}, moment.today);
  const units = plan.units.map((unit) => {
    const { target: _target, done: _done, ...row } = figures(unitRow(unit.id));
    return { unitId: unit.id, unitName: unit.name, kind: unit.kind, ...row };
  });
  const goals = plan.goals.map((goal) => {
    const { target, done, ...row } = figures(goalRow(goal.id));
    return {
      goalId: goal.id,
      title: goal.title,
      kind: goal.kind,
      ...(goal.unitOfMeasure === undefined ? {} : { unitOfMeasure: goal.unitOfMeasure }),
      ...(goal.kind === 'quantity' ? { target, done } : {}),
      ...row,
    };
  });
  const total = plan.units.reduce((sum, unit) => addCounters(sum, rows.get(unitRow(unit.id)) ?? {}), {} as Counters);
  const { target: _target, done: _done, ...totals } = figuresOf(total, moment.today);
  return { planId: plan.planId, name: plan.name, year: plan.year, today: moment.today, asOf: moment.asOf, totals, units, goals };
}

export type PlanSummaryAnswer = ReturnType<typeof planSummaryAnswer>;
