import { largestRemainder } from '../allocation.js';
import { type WorkCalendar, workingDaysBetween } from '../calendar.js';
import { type Level, levels } from '../lateness.js';
import { excessOver, meetsTarget, shortfall } from '../target.js';
import type { AssessmentRules } from './rules.js';
import {
  type Actual,
  type Adjustment,
  eventIdOf,
  type LineItem,
  type LineRule,
  type ScoringEvent,
  type ScoringTask,
  type UnitScore,
  type Waiver,
} from './types.js';

/*
 * Scoring one unit for the year (docs/architecture.md, "Year-end assessment"): pure and deterministic, a
 * function of the unit's tasks, their score-relevant events, the year's actuals, adjustments and upheld
 * appeals, and the rules. Every point is a line item, and all arithmetic is in integer hundredths, so the
 * line items sum exactly to the total however many there are, and the same input (in any order) gives
 * the same lines in the same order.
 */

export interface ScoreInput {
  unit: Pick<UnitScore, 'unitId' | 'unitName' | 'unitKind'>;
  /** The unit's own tasks and (only used when the plan's coUnitShare > 0) tasks listing it in coUnits. */
  tasks: ScoringTask[];
  events: ScoringEvent[];
  actuals: Actual[];
  /** This unit's adjustments. */
  adjustments: Adjustment[];
  /** Upheld appeals; those of other units are passed over (a co-unit's line of a task has the owner's line id). */
  waivers: Waiver[];
  /** Rules for a task (its plan's, or a run's override). */
  rulesOf: (planId: string) => AssessmentRules;
  /** Rules for unit-level settings (points, bonusCap). */
  unitRules: AssessmentRules;
  /** Time zone of a plan's dates (event instants → local dates). */
  timezoneOf: (planId: string) => string;
  /**
   * Working days, to count how late a task was closed. Must cover every year from a late task's deadline
   * to its close-out request (the plan year and, for requests in January, the next): a year it lacks throws
   * `CalendarYearMissing`, as lateness.ts does, rather than judging days by the weekend rule alone.
   */
  calendar: WorkCalendar;
}

/** A line as it is built: points and max in hundredths. */
interface Line extends Omit<LineItem, 'points' | 'max'> {
  points: number;
  max?: number;
  /** bonus: the points recorded, before the cap (what an upheld appeal without points restores). */
  recorded?: number;
}

interface PoolTask {
  task: ScoringTask;
  role: 'own' | 'co';
  weight: number;
  rules: AssessmentRules;
  /** The task's events, oldest first. */
  events: ScoringEvent[];
}

/**
 * The unit's score: per task of its pool (its own tasks not withdrawn, and with a plan's `coUnitShare` > 0
 * the tasks it co-operates on) a completion and a timeliness line, per own task a line for each escalation
 * period's highest level and for each re-open that deducts, then its bonuses (up to the cap) and vetoes.
 * Lines are ordered by task id, then rule (completion, timeliness, escalation, rebound, each by event), then
 * bonuses and vetoes by adjustment id. A unit with no tasks scores its bonuses alone.
 */
export function scoreUnit(input: ScoreInput): UnitScore {
  const pool = poolOf(input);
  const completionMax = maxima(input.unitRules.points.completion, pool);
  const timelinessMax = maxima(input.unitRules.points.timeliness, pool);
  const actuals = latestActuals(input.actuals);
  const lines: Line[] = pool.flatMap((entry, i) => {
    const timezone = input.timezoneOf(entry.task.planId);
    return [
      completionLine(entry, completionMax[i]!, actuals.get(entry.task.id)),
      timelinessLine(entry, timelinessMax[i]!, timezone, input.calendar),
      ...(entry.role === 'own' ? [...escalationLines(entry), ...reboundLines(entry, timezone)] : []),
    ];
  });
  lines.push(...adjustmentLines(input.adjustments, input.unitRules.bonusCap));
  applyWaivers(lines, input.waivers.filter((waiver) => waiver.unitId === input.unit.unitId));
  if (input.unitRules.floorAtZero) floorDeductions(lines);
  return summed(input.unit, pool.length, lines);
}

// ── the pool ────────────────────────────────────────────────────────────────────────────────────────

function poolOf(input: ScoreInput): PoolTask[] {
  const { unitId } = input.unit;
  const events = new Map<string, ScoringEvent[]>();
  for (const event of input.events) {
    const list = events.get(event.taskId);
    if (list) list.push(event);
    else events.set(event.taskId, [event]);
  }
  const pool = new Map<string, PoolTask>();
  for (const task of input.tasks) {
    if (task.status === 'withdrawn' || pool.has(task.id)) continue;
    const rules = input.rulesOf(task.planId);
    const role = task.unitId === unitId ? 'own' : task.coUnits.includes(unitId) && rules.coUnitShare > 0 ? 'co' : undefined;
    if (role === undefined) continue;
    const weight = (rules.weights[task.goalId] ?? 1) * (role === 'co' ? rules.coUnitShare : 1);
    pool.set(task.id, { task, role, weight, rules, events: (events.get(task.id) ?? []).sort((a, b) => a.v - b.v) });
  }
  return [...pool.values()].sort((a, b) => compareText(a.task.id, b.task.id));
}

/** The unit's points split over its pool by weight (largest remainder), in hundredths: they sum exactly to `points`. */
function maxima(points: number, pool: readonly PoolTask[]): number[] {
  return pool.length === 0 ? [] : largestRemainder(hundredths(points), pool.map((entry) => entry.weight));
}

/** One actual per task: the latest entered, should the input hold two. */
function latestActuals(actuals: readonly Actual[]): Map<string, Actual> {
  const latest = new Map<string, Actual>();
  for (const actual of actuals) {
    const other = latest.get(actual.taskId);
    if (!other || compareText(`${other.enteredAt} ${other.actualId}`, `${actual.enteredAt} ${actual.actualId}`) < 0)
      latest.set(actual.taskId, actual);
  }
  return latest;
}

// ── completion ──────────────────────────────────────────────────────────────────────────────────────

interface Judged {
  ratio: number;
  eventIds: string[];
  detail: LineItem['detail'];
}

function completionLine(entry: PoolTask, max: number, actual: Actual | undefined): Line {
  const { task } = entry;
  const judged =
    task.kind === 'quantity' ? quantityCompletion(task) : task.kind === 'indicator' ? indicatorCompletion(entry, actual) : actionCompletion(entry);
  return taskLine(entry, 'completion', `completion:${task.id}`, pointsOf(max, judged.ratio), max, judged);
}

/** done / target, at most 1; a target of 0 is met. A floor (以上) scores the same and shows its excess. */
function quantityCompletion(task: ScoringTask): Judged {
  const target = task.target ?? 0;
  const done = task.progress?.done ?? 0;
  const ratio = target <= 0 ? 1 : Math.min(Math.max(done, 0) / target, 1);
  const floor: Record<string, boolean | number> = task.atLeast ? { atLeast: true, excess: excessOver(target, done) } : {};
  return { ratio, eventIds: [], detail: { done, target, ...floor, ratio: shown(ratio), asOf: task.progress?.asOf ?? null } };
}

/**
 * A target not met never scores as met: a graded ratio just short of it stops here. It matters for a strict
 * target (高于95%) missed by a value on it, whose shortfall is 0, and for a shortfall too small to show.
 */
const NOT_MET_RATIO_CAP = 0.99;

/**
 * The actual for the year, else the latest reported value, else nothing (0). Meeting the target as its
 * direction reads it (≤ ≥ inclusive, > < strict, target.ts): 1; otherwise `attained` gives 0 and `graded`
 * 1 − shortfall / (tolerance × |target|), at least 0 and at most 0.99 (with a target of 0 any shortfall gives 0).
 */
function indicatorCompletion(entry: PoolTask, actual: Actual | undefined): Judged {
  const { task, rules } = entry;
  // The breakdown gives every indicator task both; the fallbacks only narrow the types.
  const target = task.target ?? 0;
  const direction = task.direction ?? 'at_most';
  const reported = task.progress?.value;
  const value = actual?.value ?? reported ?? null;
  const source = actual ? 'actual' : reported !== undefined ? 'reported' : 'none';
  const { mode, tolerance } = rules.indicator;
  const ratio =
    value === null
      ? 0
      : meetsTarget(direction, value, target)
        ? 1
        : mode === 'attained'
          ? 0
          : gradedRatio(shortfall(direction, value, target), tolerance * Math.abs(target));
  return {
    ratio,
    eventIds: actual ? [actual.actualId] : [],
    detail: { value, target, direction, ...relativeDetail(task), source, mode, ratio: shown(ratio) },
  };
}

/** A relative target's baseline, change and year, for the line's words (较2023年下降5%). */
function relativeDetail(task: ScoringTask): Record<string, number> {
  const relative = task.relative;
  if (relative === undefined) return {};
  return {
    baseline: relative.baseline,
    change: relative.change,
    ...(relative.baselineYear === undefined ? {} : { baselineYear: relative.baselineYear }),
  };
}

/** 1 − shortfall / allowed, between 0 and the cap; nothing is allowed with a target of 0. */
function gradedRatio(shortfall: number, allowed: number): number {
  if (allowed <= 0) return shortfall > 0 ? 0 : NOT_MET_RATIO_CAP;
  return Math.min(NOT_MET_RATIO_CAP, Math.max(0, 1 - shortfall / allowed));
}

/** Done when closed or reported complete. */
function actionCompletion(entry: PoolTask): Judged {
  const { task } = entry;
  const closed = task.status === 'closed';
  const complete = closed || task.progress?.complete === true;
  const close = closed ? closeEventOf(entry.events) : undefined;
  return {
    ratio: complete ? 1 : 0,
    eventIds: close ? [eventIdOf(task.id, close.v)] : [],
    detail: { complete, status: task.status, ratio: complete ? 1 : 0 },
  };
}

// ── timeliness ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A closed task, late by N working days: from its deadline to the day the work was done, which is the as-of
 * date of the report the last close-out request before the close rested on (the unit's own date, checked
 * never to be in the future when it reported), else the day of that request, else the day it closed (an
 * event's day: the one it was made for, as a simulated year names it, else its day in the plan's time zone). Neither the reviewers' time nor the unit's paperwork after the work is held against it.
 * Not closed: 0.
 */
function timelinessLine(entry: PoolTask, max: number, timezone: string, calendar: WorkCalendar): Line {
  const { task } = entry;
  const lineId = `timeliness:${task.id}`;
  const close = task.status === 'closed' ? closeEventOf(entry.events) : undefined;
  if (!close)
    return taskLine(entry, 'timeliness', lineId, 0, max, {
      eventIds: [],
      detail: { closed: task.status === 'closed', deadline: task.deadline, doneOn: null, requestedOn: null, closedOn: null, workingDaysLate: null, ratio: 0 },
    });
  const request = entry.events.findLast((event) => event.type === 'closeout_requested' && event.v < close.v);
  const closedOn = dayOf(close, timezone);
  const requestedOn = request ? dayOf(request, timezone) : null;
  const doneOn = request?.asOf ?? null;
  const judgedOn = doneOn ?? requestedOn ?? closedOn;
  const late = judgedOn <= task.deadline ? 0 : workingDaysBetween(calendar, task.deadline, judgedOn);
  const ratio = Math.max(0, 1 - entry.rules.timeliness.perLateDay * late);
  return taskLine(entry, 'timeliness', lineId, pointsOf(max, ratio), max, {
    eventIds: [...(request ? [eventIdOf(task.id, request.v)] : []), eventIdOf(task.id, close.v)],
    detail: { closed: true, deadline: task.deadline, doneOn, requestedOn, closedOn, workingDaysLate: late, ratio: shown(ratio) },
  });
}

/** The event that closed the task last: the bureau's close, or an acceptance that closed it (one review level). */
function closeEventOf(events: readonly ScoringEvent[]): ScoringEvent | undefined {
  return events.findLast((event) => event.type === 'task_closed' || (event.type === 'closeout_accepted' && event.to === 'closed'));
}

// ── deductions ──────────────────────────────────────────────────────────────────────────────────────

/** Per escalation period the highest level reached deducts once, citing the event that raised it. */
function escalationLines(entry: PoolTask): Line[] {
  const highest = new Map<string, ScoringEvent & { level: Level; period: string }>();
  for (const event of entry.events) {
    if (event.type !== 'escalated' || event.level === undefined || event.period === undefined) continue;
    const other = highest.get(event.period);
    if (!other || levels.indexOf(event.level) > levels.indexOf(other.level))
      highest.set(event.period, { ...event, level: event.level, period: event.period });
  }
  return [...highest.values()]
    .sort((a, b) => a.v - b.v)
    .flatMap((event) => {
      const deduction = hundredths(entry.rules.deductions[event.level]);
      if (deduction === 0) return [];
      return [
        taskLine(entry, 'escalation', `escalation:${entry.task.id}:${event.period}:${event.level}`, -deduction, undefined, {
          eventIds: [eventIdOf(entry.task.id, event.v)],
          detail: { level: event.level, period: event.period, deduction: -deduction / 100, capped: false },
        }),
      ];
    });
}

/** Each re-open of a closed task (回头看) deducts. */
function reboundLines(entry: PoolTask, timezone: string): Line[] {
  const deduction = hundredths(entry.rules.deductions.rebound);
  if (deduction === 0) return [];
  return entry.events
    .filter((event) => event.type === 'task_reopened')
    .map((event) => {
      const eventId = eventIdOf(entry.task.id, event.v);
      return taskLine(entry, 'rebound', `rebound:${eventId}`, -deduction, undefined, {
        eventIds: [eventId],
        detail: { reopenedOn: dayOf(event, timezone), deduction: -deduction / 100, capped: false },
      });
    });
}

function taskLine(
  entry: PoolTask,
  rule: LineRule,
  lineId: string,
  points: number,
  max: number | undefined,
  judged: Pick<Judged, 'eventIds' | 'detail'>,
): Line {
  return {
    lineId,
    taskId: entry.task.id,
    role: entry.role,
    rule,
    points,
    ...(max === undefined ? {} : { max }),
    eventIds: judged.eventIds,
    detail: judged.detail,
  };
}

// ── adjustments ─────────────────────────────────────────────────────────────────────────────────────

/** Bonuses in id order until the cap (the rest: 0 points, `capped`), then vetoes (0 points, they fail the unit). */
function adjustmentLines(adjustments: readonly Adjustment[], bonusCap: number): Line[] {
  const sorted = [...adjustments].sort((a, b) => compareText(a.adjustmentId, b.adjustmentId));
  let left = hundredths(bonusCap);
  const bonuses = sorted
    .filter((adjustment) => adjustment.kind === 'bonus')
    .map((adjustment): Line => {
      const recorded = hundredths(adjustment.points ?? 0);
      const points = Math.min(recorded, left);
      left -= points;
      return {
        ...adjustmentLine(adjustment, points),
        recorded,
        detail: { reason: adjustment.reason, recorded: recorded / 100, capped: points < recorded },
      };
    });
  const vetoes = sorted.filter((adjustment) => adjustment.kind === 'veto').map((adjustment) => adjustmentLine(adjustment, 0));
  return [...bonuses, ...vetoes];
}

function adjustmentLine(adjustment: Adjustment, points: number): Line {
  return {
    lineId: `${adjustment.kind}:${adjustment.adjustmentId}`,
    taskId: null,
    rule: adjustment.kind,
    points,
    eventIds: [adjustment.adjustmentId],
    detail: { reason: adjustment.reason },
  };
}

// ── appeals ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * An upheld appeal sets its line's points: those the decision gives, else none deducted (escalation,
 * rebound), the line's most (completion, timeliness), the bonus as recorded, or a veto lifted (0 points, no
 * longer failing the unit). Of two appeals on one line the later (by id) holds. A waiver naming no line of
 * this score (the line went away) changes nothing.
 */
function applyWaivers(lines: Line[], waivers: readonly Waiver[]): void {
  const byLine = new Map<string, Waiver>();
  for (const waiver of [...waivers].sort((a, b) => compareText(a.appealId, b.appealId))) byLine.set(waiver.lineId, waiver);
  for (const line of lines) {
    const waiver = byLine.get(line.lineId);
    if (!waiver) continue;
    line.points = waiver.points !== undefined ? hundredths(waiver.points) : waivedPoints(line);
    line.waivedBy = waiver.appealId;
    line.eventIds = [...line.eventIds, waiver.appealId];
  }
}

function waivedPoints(line: Line): number {
  if (line.rule === 'completion' || line.rule === 'timeliness') return line.max ?? 0;
  if (line.rule === 'bonus') return line.recorded ?? 0;
  return 0;
}

// ── 扣完为止 ──────────────────────────────────────────────────────────────────────────────────────

const deductionRules: readonly LineRule[] = ['escalation', 'rebound'];

/**
 * Deductions stop at the points the unit has (the rules' `floorAtZero`): in line order, each deduction takes
 * what is left of the unit's other points at most, so no total is below 0. A line that could not deduct in
 * full shows the points it took, `capped`, beside the rule's `deduction`. A line an upheld appeal set keeps
 * the points decided, and counts as what the unit has.
 */
function floorDeductions(lines: Line[]): void {
  const capped = (line: Line) => deductionRules.includes(line.rule) && line.waivedBy === undefined;
  let left = lines.filter((line) => !capped(line)).reduce((sum, line) => sum + line.points, 0);
  for (const line of lines) {
    if (!capped(line)) continue;
    // 0 − 0 is +0: a line capped to nothing shows 0, not −0.
    const points = Math.max(line.points, 0 - Math.max(left, 0));
    left += points;
    if (points === line.points) continue;
    line.points = points;
    line.detail = { ...line.detail, capped: true };
  }
}

// ── the sums ────────────────────────────────────────────────────────────────────────────────────────

function summed(unit: ScoreInput['unit'], tasks: number, lines: readonly Line[]): UnitScore {
  const sumOf = (rules: readonly LineRule[]) =>
    lines.filter((line) => rules.includes(line.rule)).reduce((sum, line) => sum + line.points, 0) / 100;
  return {
    unitId: unit.unitId,
    unitName: unit.unitName,
    unitKind: unit.unitKind,
    total: lines.reduce((sum, line) => sum + line.points, 0) / 100,
    completion: sumOf(['completion']),
    timeliness: sumOf(['timeliness']),
    deductions: sumOf(['escalation', 'rebound']),
    bonus: sumOf(['bonus']),
    vetoed: lines.some((line) => line.rule === 'veto' && line.waivedBy === undefined),
    tasks,
    lineItems: lines.map((line) => ({
      lineId: line.lineId,
      taskId: line.taskId,
      ...(line.role === undefined ? {} : { role: line.role }),
      rule: line.rule,
      points: line.points / 100,
      ...(line.max === undefined ? {} : { max: line.max / 100 }),
      eventIds: line.eventIds,
      detail: line.detail,
      ...(line.waivedBy === undefined ? {} : { waivedBy: line.waivedBy }),
    })),
  };
}

// ── arithmetic ──────────────────────────────────────────────────────────────────────────────────────

/** Points (at most two decimals, as the rules allow) in integer hundredths. */
export function hundredths(points: number): number {
  return Math.round(points * 100);
}

/**
 * `max × ratio`, rounded half up to a whole hundredth. The product is first rounded to 6 decimals so that a
 * ratio like 1 − 0.1 × 3 (0.69999…) gives what it gives on paper.
 */
function pointsOf(max: number, ratio: number): number {
  return Math.round(Math.round(max * ratio * 1e6) / 1e6);
}

/** A ratio as the detail shows it: four decimals. */
function shown(ratio: number): number {
  return Math.round(ratio * 10_000) / 10_000;
}

/**
 * Ids in an order that reads naturally (`adj-2` before `adj-10`): runs of digits by their value, the rest by
 * code point. No locale enters, so every runtime orders the lines (and the CSV) alike.
 */
export function compareText(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i]!, right[i]!];
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const localDates = new Map<string, string>();
/** Every time zone's offset since the 1970s, and every change of it, falls on a quarter hour: within one the local date is the same. */
const QUARTER_HOUR_MS = 900_000;
/** About three years of quarter hours in one zone: enough for a run, bounded in a long-lived process. */
const MAX_LOCAL_DATES = 100_000;

/** The day an event counts for: the one its caller named, else the day of its instant in the plan's time zone. */
function dayOf(event: Pick<ScoringEvent, 'at' | 'on'>, timeZone: string): string {
  return event.on ?? localDateOf(event.at, timeZone);
}

/** The calendar day of an instant in a time zone (`YYYY-MM-DD`), remembered per quarter hour: formatting is the scorer's dearest step. */
function localDateOf(at: string, timeZone: string): string {
  const quarter = Math.floor(Date.parse(at) / QUARTER_HOUR_MS);
  const key = `${timeZone} ${quarter}`;
  const known = localDates.get(key);
  if (known !== undefined) return known;
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const date = format.format(new Date(quarter * QUARTER_HOUR_MS));
  if (localDates.size >= MAX_LOCAL_DATES) localDates.clear();
  localDates.set(key, date);
  return date;
}
