import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Actual, Adjustment, Appeal, Waiver } from '../domain/assessment/types.js';
import { InvalidInput } from '../domain/errors.js';
import type { Problem } from '../domain/problem.js';
import { problem } from '../domain/zod-problems.js';
import { batchGetAll, batchWriteAll, type Item } from './batch.js';
import { appealOf, waiverOf } from './assessment-appeals.js';
import { byNumber, putNumbered, queryPrefix } from './assessment-partition.js';
import { listYearPlans } from './assessment-reads.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './query.js';
import { tableName } from './table.js';

/*
 * The year's assessment inputs an admin records (docs/architecture.md "Year-end assessment", Items):
 * indicator actuals, bonuses and vetoes, and what the public may see. They live in the year's partition
 * `ASSESSMENT#<year>` with the appeals, and a run reads them all with one Query (`readAssessmentInputs`).
 */

/** An actual as stored: with the task's place, so lists can be read by unit without the task. */
export type StoredActual = Actual & { planId: string; goalId: string; unitId: string };

/**
 * Saves the year's indicator actuals, all or none: every row is checked first (the task exists, is an
 * indicator of this year, the value is a finite number, no task twice) and every problem is reported at
 * once, by row (`actuals[i].taskId`, `actuals[i].value`). A row replaces the task's earlier actual.
 */
export async function putActuals(year: number, rows: readonly { taskId: string; value: number }[], by: string, at: string): Promise<{ saved: number }> {
  const tasks = await batchGetAll(
    rows.map((row) => keys.task(row.taskId)),
    { consistentRead: true, projection: ['id', 'planId', 'goalId', 'unitId', 'year', 'kind'] },
  );
  const byId = new Map(tasks.map((task) => [task.id as string, task]));
  const problems = rows.flatMap((row, i) => actualProblems(row, i, rows, byId.get(row.taskId), year));
  if (problems.length > 0) throw new InvalidInput(problems, 'The actuals are invalid', '指标实际值不符合要求');

  await batchWriteAll(
    rows.map((row) => {
      const task = byId.get(row.taskId)!;
      const actual: StoredActual = {
        actualId: `actual:${row.taskId}`,
        taskId: row.taskId,
        planId: task.planId,
        goalId: task.goalId,
        unitId: task.unitId,
        value: row.value,
        enteredBy: by,
        enteredAt: at,
      };
      return { PutRequest: { Item: { ...keys.actual(year, row.taskId), entity: 'actual', ...actual } } };
    }),
  );
  return { saved: rows.length };
}

function actualProblems(row: { taskId: string; value: number }, i: number, rows: readonly { taskId: string }[], task: Item | undefined, year: number): Problem[] {
  const at = (field: string) => ['actuals', i, field];
  const problems: Problem[] = [];
  const first = rows.findIndex((other) => other.taskId === row.taskId);
  if (first < i) {
    problems.push(problem(at('taskId'), 'duplicate', `Task ${row.taskId} is given twice (first as row ${first})`, `任务 ${row.taskId} 重复出现（首次在第 ${first} 行）`));
  } else if (!task) {
    problems.push(problem(at('taskId'), 'unknown_task', `There is no task ${row.taskId}`, `没有任务 ${row.taskId}`));
  } else if (task.kind !== 'indicator') {
    problems.push(problem(at('taskId'), 'not_indicator', `Task ${row.taskId} is a ${task.kind} task; actuals are for indicators`, `任务 ${row.taskId} 不是指标类任务，不能录入实际值`));
  } else if (task.year !== year) {
    problems.push(problem(at('taskId'), 'wrong_year', `Task ${row.taskId} is of ${task.year}, not ${year}`, `任务 ${row.taskId} 属于 ${task.year} 年度，而非 ${year} 年度`));
  }
  if (typeof row.value !== 'number' || !Number.isFinite(row.value)) {
    problems.push(problem(at('value'), 'finite', `The value of row ${i} must be a finite number`, `第 ${i} 行的实际值须为有限数值`));
  }
  return problems;
}

export async function listActuals(year: number): Promise<StoredActual[]> {
  return (await queryPrefix(year, keys.actualsPrefix())).map(actualOf);
}

/**
 * Records a bonus or a veto for a unit of one of the year's plans (else a problem on `unitId`), numbered
 * `adj-<n>` in the year.
 */
export async function recordAdjustment(input: {
  year: number;
  unitId: string;
  kind: Adjustment['kind'];
  points?: number | undefined;
  reason: string;
  by: string;
  at: string;
}): Promise<Adjustment> {
  await requireYearUnit(input.year, input.unitId);
  return putNumbered(input.year, 'adjustment', (n) => {
    const adjustment: Adjustment = {
      adjustmentId: `adj-${n}`,
      year: input.year,
      unitId: input.unitId,
      kind: input.kind,
      ...(input.points === undefined ? {} : { points: input.points }),
      reason: input.reason,
      recordedBy: input.by,
      recordedAt: input.at,
    };
    return { item: { ...keys.adjustment(input.year, adjustment.adjustmentId), entity: 'adjustment', ...adjustment }, value: adjustment };
  });
}

export async function listAdjustments(year: number): Promise<Adjustment[]> {
  return (await queryPrefix(year, keys.adjustmentsPrefix())).map(adjustmentOf).sort((a, b) => byNumber(a.adjustmentId, b.adjustmentId));
}

/** The unit is in one of the year's plans (their current revisions): one BatchGetItem of its unit items. */
async function requireYearUnit(year: number, unitId: string): Promise<void> {
  const plans = await listYearPlans(year);
  const found = await batchGetAll(plans.map((plan) => keys.unit(plan.planId, unitId)), { consistentRead: true, projection: ['pk'] });
  if (found.length === 0) {
    throw new InvalidInput([problem(['unitId'], 'unknown_unit', `${unitId} is not a unit of any plan of ${year}`, `${unitId} 不是 ${year} 年度任何计划中的单位`)]);
  }
}

/** Scope of a disclosure: a year's published assessment, or a plan's progress. */
export type DisclosureScope = { year: number } | { planId: string };

export interface Disclosure {
  approvedBy: string;
  approvedAt: string;
  /** The published run the public may see (a year's disclosure). */
  runId?: string;
}

const disclosureKey = (scope: DisclosureScope) => ('year' in scope ? keys.yearDisclosure(scope.year) : keys.planDisclosure(scope.planId));

/** An admin approves what the public endpoints show; a new approval replaces the previous one. */
export async function approveDisclosure(input: { scope: DisclosureScope; runId?: string | undefined; by: string; at: string }): Promise<Disclosure> {
  const disclosure: Disclosure = { approvedBy: input.by, approvedAt: input.at, ...(input.runId === undefined ? {} : { runId: input.runId }) };
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...disclosureKey(input.scope), entity: 'disclosure', ...input.scope, ...disclosure } }));
  return disclosure;
}

export async function getDisclosure(scope: DisclosureScope): Promise<Disclosure | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: disclosureKey(scope) }));
  if (!Item) return undefined;
  return { approvedBy: Item.approvedBy, approvedAt: Item.approvedAt, ...(Item.runId === undefined ? {} : { runId: Item.runId }) };
}

/** What a run scores with besides the tasks. */
export interface AssessmentInputs {
  actuals: StoredActual[];
  adjustments: Adjustment[];
  /** Upheld appeals. */
  waivers: Waiver[];
}

/**
 * The year's actuals, adjustments and upheld appeals in one consistent Query: their sort keys
 * (`ACTUAL#`, `ADJUSTMENT#`, `APPEAL#`) sort together, apart from the runs, audit and the rest.
 */
export async function readAssessmentInputs(year: number): Promise<AssessmentInputs> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':pk': keys.assessmentPartition(year), ':first': keys.actualsPrefix(), ':last': `${keys.appealsPrefix()}~` },
    ConsistentRead: true,
  });
  const of = (prefix: string) => items.filter((item) => (item.sk as string).startsWith(prefix));
  const appeals: Appeal[] = of(keys.appealsPrefix()).map(appealOf);
  return {
    actuals: of(keys.actualsPrefix()).map(actualOf),
    adjustments: of(keys.adjustmentsPrefix()).map(adjustmentOf).sort((a, b) => byNumber(a.adjustmentId, b.adjustmentId)),
    waivers: appeals.filter((appeal) => appeal.status === 'upheld').sort((a, b) => byNumber(a.appealId, b.appealId)).map(waiverOf),
  };
}

function actualOf(item: Item): StoredActual {
  const { actualId, taskId, planId, goalId, unitId, value, enteredBy, enteredAt } = item;
  return { actualId, taskId, planId, goalId, unitId, value, enteredBy, enteredAt };
}

function adjustmentOf(item: Item): Adjustment {
  const { adjustmentId, year, unitId, kind, points, reason, recordedBy, recordedAt } = item;
  return { adjustmentId, year, unitId, kind, ...(points === undefined ? {} : { points }), reason, recordedBy, recordedAt };
}
