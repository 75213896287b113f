import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { fixedClock, localDate, type Clock } from '../clock/clock.js';
import { addWorkingDays } from '../domain/calendar.js';
import { calendarForYears, shippedYears } from '../domain/calendars.js';
import { gradeLabels } from '../domain/assessment/labels.js';
import { rankChanges, rankUnits } from '../domain/assessment/rank.js';
import { AssessmentRules, defaultAssessmentRules } from '../domain/assessment/rules.js';
import type { Plan, Unit } from '../domain/plan.js';
import { scoreUnit } from '../domain/assessment/score.js';
import type { RankedUnit, UnitScore } from '../domain/assessment/types.js';
import { NotFound } from '../domain/errors.js';
import { LEADERS_INBOX } from '../notify/inboxes.js';
import { readAssessmentInputs, type AssessmentInputs } from '../store/assessment-inputs.js';
import {
  failRun,
  finishRun,
  getPublished,
  getRanking,
  getRun,
  listUnitLines,
  listUnitScores,
  movePublished,
  putRanking,
  putUnitScores,
  setRunChanges,
  type AssessmentRun,
  type AuditChange,
  type Figures,
  type RunError,
} from '../store/assessment-runs.js';
import { listYearPlans, listYearUnits, readCoopTasks, readUnitForScoring } from '../store/assessment-reads.js';
import { dynamo } from '../store/client.js';
import { retryableOnTransient } from '../store/faults.js';
import { freezeYear } from '../store/freeze.js';
import { notificationItem, type Notification } from '../store/notification-items.js';
import { loadPlan } from '../store/plans-repo.js';
import { mapWithConcurrency } from '../store/pool.js';
import { tableName } from '../store/table.js';
import { putReportObjects } from './publish-report.js';
import { buildAssessmentReport } from './report.js';

/*
 * The steps of the assessment state machine (workflows/assessment), one function each, so the Task handlers
 * stay thin and tests and the bench call the same code. docs/architecture.md, "The state machine".
 */

export const BATCH_SIZE = 25;
/** Units of a batch read at once. */
const UNIT_CONCURRENCY = 5;
/** A plan's time zone when it names none (the plan schema's default). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

async function requireRun(year: number, runId: string): Promise<AssessmentRun> {
  const run = await getRun(year, runId);
  if (!run) throw new NotFound(`no assessment run ${runId} of ${year}`, `没有 ${year} 年度的考核运行 ${runId}`);
  return run;
}

export interface Prepared {
  year: number;
  runId: string;
  dryRun: boolean;
  batches: { unitIds: string[] }[];
}

/** Freezes the year (not on a dry run) and cuts the year's units, sorted by id, into batches of 25. */
export async function prepareAssessment(year: number, runId: string, clock: Clock): Promise<Prepared> {
  return retryableOnTransient(async () => {
    const run = await requireRun(year, runId);
    if (!run.dryRun) await freezeYear({ year, runId, by: run.startedBy, at: clock.now().toISOString() });
    const unitIds = (await listYearUnits(year)).map((unit) => unit.unitId);
    const batches: { unitIds: string[] }[] = [];
    for (let i = 0; i < unitIds.length; i += BATCH_SIZE) batches.push({ unitIds: unitIds.slice(i, i + BATCH_SIZE) });
    return { year, runId, dryRun: run.dryRun, batches };
  });
}

/** What every unit of a run is scored with: the year's inputs and rules, read once per container and run. */
interface RunContext {
  inputs: AssessmentInputs;
  /** A task's rules: its plan's, or the run's override. */
  rulesOfPlan: (planId: string) => AssessmentRules;
  /** Per unit (points, grades, tieBreak, bonusCap, appealDays): the year's first plan's by id, or the override. */
  unitRules: AssessmentRules;
  timezoneOf: (planId: string) => string;
  /** The year's first plan's time zone: the publication day is its date. */
  timezone: string;
  /** A unit as the plans of its tasks name it (name, kind). */
  unitOf: (unitId: string, taskPlanIds: readonly string[]) => Pick<UnitScore, 'unitId' | 'unitName' | 'unitKind'>;
  /** Per unit, the goals it co-operates on (配合单位) in plans whose rules give co-units credit: only these are read for it. */
  coGoals: ReadonlyMap<string, { planId: string; goalId: string }[]>;
}

let cached: { key: string; context: Promise<RunContext> } | undefined;

function runContext(year: number, runId: string): Promise<RunContext> {
  const key = `${year}#${runId}`;
  if (cached?.key !== key) {
    const context = loadRunContext(year, runId);
    cached = { key, context };
    // A failed read is not kept: the retried step reads again.
    context.catch(() => {
      if (cached?.context === context) cached = undefined;
    });
  }
  return cached.context;
}

async function loadRunContext(year: number, runId: string): Promise<RunContext> {
  const [run, inputs, summaries] = await Promise.all([requireRun(year, runId), readAssessmentInputs(year), listYearPlans(year)]);
  const plans: Plan[] = [];
  for (const { planId } of summaries) {
    const stored = await loadPlan(planId);
    if (stored) plans.push(stored.plan);
  }
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const override = run.rules ? AssessmentRules.parse(run.rules) : undefined;
  const first = override ?? plans[0]?.assessment ?? defaultAssessmentRules;
  const rulesOfPlan = (planId: string) => override ?? byId.get(planId)?.assessment ?? first;

  const coGoals = new Map<string, { planId: string; goalId: string }[]>();
  for (const plan of plans) {
    if (rulesOfPlan(plan.id).coUnitShare === 0) continue;
    for (const goal of plan.goals)
      for (const unitId of goal.coUnits ?? []) coGoals.set(unitId, [...(coGoals.get(unitId) ?? []), { planId: plan.id, goalId: goal.id }]);
  }
  return {
    inputs,
    rulesOfPlan,
    unitRules: first,
    timezoneOf: (planId) => byId.get(planId)?.timezone ?? DEFAULT_TIME_ZONE,
    timezone: plans[0]?.timezone ?? DEFAULT_TIME_ZONE,
    unitOf: unitFinder(plans),
    coGoals,
  };
}

/**
 * A unit as its own plan names it: the first (by id) of the plans its tasks are in that lists it, else the
 * first of the year's plans that does. Two plans of a year may give one unit id different names.
 */
function unitFinder(plans: readonly Plan[]): RunContext['unitOf'] {
  const units = new Map(plans.map((plan) => [plan.id, new Map(plan.units.map((unit) => [unit.id, unit]))]));
  const yearPlanIds = plans.map((plan) => plan.id);
  return (unitId, taskPlanIds) => {
    const planId = [...[...taskPlanIds].sort(), ...yearPlanIds].find((id) => units.get(id)?.has(unitId));
    const unit: Unit | undefined = planId === undefined ? undefined : units.get(planId)!.get(unitId);
    // Every task's unit is one of its plan's (the breakdown makes them so): the fallback names an orphan by id.
    return { unitId, unitName: unit?.name ?? unitId, unitKind: unit?.kind ?? 'department' };
  };
}

/**
 * Every shipped working-day calendar from `year` on: a task's lateness counts working days up to its
 * close-out request, which may fall in a later year (a late task; a year simulated after the fact), and a
 * publication's appeal days may run into the next year.
 */
function calendarFrom(year: number) {
  return calendarForYears(shippedYears.filter((shipped) => shipped >= year));
}

/** What scoring a batch read: the benchmark's figures. */
export interface BatchScored {
  scored: number;
  queries: number;
  itemsRead: number;
}

/**
 * Scores each unit of the batch and writes its scores and line items: per unit one Query of its tasks
 * (gsi2), plus one per goal it co-operates on when that plan gives co-units credit. Units without tasks are
 * left out of the assessment.
 */
export async function scoreBatch(year: number, runId: string, unitIds: readonly string[]): Promise<BatchScored> {
  return retryableOnTransient(async () => {
    const context = await runContext(year, runId);
    const calendar = calendarFrom(year);
    let queries = 0;
    let itemsRead = 0;
    const scores = await mapWithConcurrency([...unitIds], UNIT_CONCURRENCY, async (unitId): Promise<UnitScore> => {
      const own = await readUnitForScoring(unitId, year);
      const co = await mapWithConcurrency(context.coGoals.get(unitId) ?? [], UNIT_CONCURRENCY, ({ planId, goalId }) => readCoopTasks(planId, goalId));
      const readings = [own, ...co];
      queries += readings.reduce((sum, reading) => sum + reading.queries, 0);
      itemsRead += readings.reduce((sum, reading) => sum + reading.itemsRead, 0);
      // A co-op goal's Query returns the goal's every task: the unit's own are in `own` already, with their events.
      const coTasks = co.flatMap((reading) => reading.tasks).filter((task) => task.unitId !== unitId && task.year === year);
      const coIds = new Set(coTasks.map((task) => task.id));
      const coEvents = co.flatMap((reading) => reading.events).filter((event) => coIds.has(event.taskId));
      return scoreUnit({
        unit: context.unitOf(unitId, [...new Set([...own.tasks, ...coTasks].map((task) => task.planId))]),
        tasks: [...own.tasks, ...coTasks],
        events: [...own.events, ...coEvents],
        actuals: context.inputs.actuals,
        adjustments: context.inputs.adjustments.filter((adjustment) => adjustment.unitId === unitId),
        waivers: context.inputs.waivers,
        rulesOf: context.rulesOfPlan,
        unitRules: context.unitRules,
        timezoneOf: context.timezoneOf,
        calendar,
      });
    });
    // A unit with no task of the year (a lead department whose goals all went to the towns) is not assessed:
    // it has nothing to be scored on, and 0 points ranked last would misstate it.
    const assessed = scores.filter((score) => score.tasks > 0);
    await putUnitScores(year, runId, assessed);
    return { scored: assessed.length, queries, itemsRead };
  });
}

export interface Ranked {
  year: number;
  runId: string;
  dryRun: boolean;
  units: number;
  published: false;
}

/**
 * Ranks the run's stored scores and puts the ranking; a dry run also records its rank moves against the
 * published ranking on the run item.
 */
export async function rankRun(year: number, runId: string): Promise<Ranked> {
  return retryableOnTransient(async () => {
    const [run, scores, context] = await Promise.all([requireRun(year, runId), listUnitScores(year, runId), runContext(year, runId)]);
    // Ranking reads the totals and subtotals only; the line items stay in their LINES# items.
    const ranked = rankUnits(scores, context.unitRules);
    await putRanking(year, runId, ranked);
    if (run.dryRun) {
      const published = await getPublished(year);
      const before = published ? ((await getRanking(year, published.runId)) ?? []) : [];
      await setRunChanges(year, runId, rankChanges(before, ranked));
    }
    return { year, runId, dryRun: run.dryRun, units: ranked.length, published: false };
  });
}

export interface PublishedRun {
  year: number;
  runId: string;
  units: number;
  published: true;
  revision: number;
}

/**
 * Renders the reports, puts them in the bucket, then moves PUBLISHED to the run (revision + 1) with the
 * audit item of what changed. When PUBLISHED already names the run, an earlier attempt got through: done.
 */
export async function publishRun(year: number, runId: string, deps: { bucket: string; clock: Clock }): Promise<PublishedRun> {
  return retryableOnTransient(async () => {
    const previous = await getPublished(year);
    const [run, ranking, lines, context] = await Promise.all([
      requireRun(year, runId),
      getRanking(year, runId),
      listUnitLines(year, runId),
      runContext(year, runId),
    ]);
    if (!ranking) throw new NotFound(`run ${runId} of ${year} has no ranking`, `考核运行 ${runId} 尚无排名`);
    if (previous?.runId === runId) return { year, runId, units: ranking.length, published: true, revision: previous.revision };

    // The run's day, so a retried Publish (or one past midnight) dates the result as its run.
    const publishedOn = localDate(fixedClock(run.startedAt), context.timezone);
    const reports = await putReportObjects(deps.bucket, buildAssessmentReport(ranking, lines, { year, runId, publishedOn }));
    const before = previous ? ((await getRanking(year, previous.runId)) ?? []) : [];
    const published = await movePublished(
      {
        year,
        runId,
        publishedOn,
        appealsUntil: appealsUntil(publishedOn, context.unitRules.appealDays),
        reports,
        ...(run.appealId ? { appealId: run.appealId } : {}),
        changes: auditChanges(before, ranking),
      },
      previous,
      deps.clock,
    );
    return { year, runId, units: ranking.length, published: true, revision: published.revision };
  });
}

function appealsUntil(publishedOn: string, appealDays: number): string {
  return addWorkingDays(calendarFrom(Number(publishedOn.slice(0, 4))), publishedOn, appealDays);
}

const figuresOf = (unit: RankedUnit | undefined): Figures | null =>
  unit ? { total: unit.total, grade: unit.grade, rank: unit.rank, ...(unit.group === undefined ? {} : { group: unit.group }) } : null;

/** Per unit whose total, grade, group or rank (within the group) moved (or that came or went), the old and the new figures, by unitId. */
export function auditChanges(before: readonly RankedUnit[], after: readonly RankedUnit[]): AuditChange[] {
  const old = new Map(before.map((unit) => [unit.unitId, unit]));
  const now = new Map(after.map((unit) => [unit.unitId, unit]));
  return [...new Set([...old.keys(), ...now.keys()])]
    .sort()
    .map((unitId) => ({ unitId, before: figuresOf(old.get(unitId)), after: figuresOf(now.get(unitId)) }))
    .filter(({ before: a, after: b }) => a?.total !== b?.total || a?.grade !== b?.grade || a?.rank !== b?.rank || a?.group !== b?.group);
}

/** Notifications written at once. */
const NOTIFY_CONCURRENCY = 8;

/**
 * One notification per unit (`assessment-<year>-r<revision>`, its total, grade and rank) and one for the
 * leaders; dated by the publication, put if absent, so a retried step notifies nobody twice. `{ notified }`.
 */
export async function notifyRun(year: number, runId: string, revision: number, clock: Clock): Promise<{ notified: number }> {
  return retryableOnTransient(async () => {
    const [published, ranking] = await Promise.all([getPublished(year), getRanking(year, runId)]);
    if (!published || published.runId !== runId || !ranking) {
      throw new NotFound(`run ${runId} of ${year} is not the published one`, `考核运行 ${runId} 不是已发布的结果`);
    }
    const notificationId = `assessment-${year}-r${revision}`;
    const createdAt = clock.now().toISOString();
    const base = { notificationId, kind: 'assessment', planId: '', revision, read: false, createdAt } as const;
    const groupSizes = new Map<string, number>();
    for (const unit of ranking) groupSizes.set(unit.group, (groupSizes.get(unit.group) ?? 0) + 1);
    const notes: Notification[] = ranking.map((unit) => ({
      ...base,
      unitId: unit.unitId,
      title: `${year} year-end assessment: rank ${unit.rank} / ${year} 年度考核：${unit.groupName}第 ${unit.rank} 名`,
      body:
        `${unit.unitName}: total ${unit.total.toFixed(2)}, grade ${gradeLabels[unit.grade].en}, rank ${unit.rank} of ${groupSizes.get(unit.group)} (${unit.groupName}). ` +
        `Appeals until ${published.appealsUntil}. / ${unit.unitName}：总分 ${unit.total.toFixed(2)}，等级 ${gradeLabels[unit.grade].zh}，` +
        `${unit.groupName}第 ${unit.rank} 名（共 ${groupSizes.get(unit.group)} 个单位）。申诉截止 ${published.appealsUntil}。`,
    }));
    const counts = { excellent: 0, good: 0, pass: 0, fail: 0 };
    for (const unit of ranking) counts[unit.grade]++;
    notes.push({
      ...base,
      unitId: LEADERS_INBOX,
      title: `${year} year-end assessment published (revision ${revision}) / ${year} 年度考核结果已发布（第 ${revision} 版）`,
      body:
        `${ranking.length} units: ${counts.excellent} excellent, ${counts.good} good, ${counts.pass} pass, ${counts.fail} fail. / ` +
        `共 ${ranking.length} 个单位：优秀 ${counts.excellent}，良好 ${counts.good}，合格 ${counts.pass}，不合格 ${counts.fail}。`,
      counts,
    });
    await mapWithConcurrency(notes, NOTIFY_CONCURRENCY, async (note) => {
      try {
        await dynamo().send(
          new PutCommand({ TableName: tableName(), Item: notificationItem(note, published.publishedAt), ConditionExpression: 'attribute_not_exists(pk)' }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    });
    return { notified: notes.length };
  });
}

/** The run item's end: SUCCEEDED with what it did, or FAILED with the caught error. Releases the year's lock. */
export async function endRun(
  year: number,
  runId: string,
  outcome: { error: RunError } | { units: number; published: boolean; revision?: number | undefined },
  clock: Clock,
): Promise<{ year: number; runId: string; status: 'SUCCEEDED' | 'FAILED'; units?: number; published?: boolean; revision?: number }> {
  return retryableOnTransient(async () => {
    if ('error' in outcome) {
      await failRun(year, runId, outcome.error, clock);
      return { year, runId, status: 'FAILED' };
    }
    const summary = { units: outcome.units, published: outcome.published, ...(outcome.revision ? { revision: outcome.revision } : {}) };
    await finishRun(year, runId, summary, clock);
    return { year, runId, status: 'SUCCEEDED', ...summary };
  });
}
