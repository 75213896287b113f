import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry, ScoringEvent, ScoringTask } from '../domain/assessment/types.js';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { projectionOf } from './expressions.js';
import { keys } from './keys.js';
import { completeLedgerOf, ledgerFromEvents } from './ledger.js';
import { listPlans, loadPlan, type PlanSummary } from './plans-repo.js';
import { indexes, tableName } from './table.js';

/*
 * What the assessment reads of the year's tasks (docs/architecture.md "Workflows", Assessment, ScoreBatch):
 * a unit's tasks with their ledgers in one Query of gsi2, a goal's tasks (for co-units' credit) in one
 * Query of gsi1. Only a task older than the ledger costs a Query of its own events.
 */

/** Tasks and their score-relevant events, with what reading them cost (the benchmark counts both). */
export interface ScoringReading {
  tasks: ScoringTask[];
  events: ScoringEvent[];
  /** Query requests sent (pages included). */
  queries: number;
  itemsRead: number;
}

/** The task attributes scoring needs, and the ledger: the rest of a task item stays on the server. */
const scoringAttributes = [
  'id', 'planId', 'goalId', 'unitId', 'year', 'kind', 'title', 'target', 'direction', 'relative', 'atLeast', 'deadline', 'coUnits', 'status', 'progress', 'ledger', 'ledgerComplete',
] as const;

/** A unit's tasks of the year (not withdrawn) and their events: one Query of gsi2 `UNIT#<unitId>`, `<year>#…`, over its pages. */
export function readUnitForScoring(unitId: string, year: number): Promise<ScoringReading> {
  return readTasks({
    IndexName: indexes.byUnit,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :year)',
    ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
    ExpressionAttributeValues: { ':pk': keys.unitTasks(unitId), ':year': `${year}#` },
  });
}

/** A goal's tasks (not withdrawn) and their events, for the co-units' credit: one Query of gsi1 `PLAN#<planId>`, `<goalId>#…`. */
export function readCoopTasks(planId: string, goalId: string): Promise<ScoringReading> {
  return readTasks({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :goal)',
    ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
    ExpressionAttributeValues: { ':pk': keys.planTasks(planId), ':goal': keys.goalTasksPrefix(goalId) },
  });
}

async function readTasks(query: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<ScoringReading> {
  const projection = projectionOf(scoringAttributes);
  const reading: ScoringReading = { tasks: [], events: [], queries: 0, itemsRead: 0 };
  const items = await pagesOf(
    { ...query, ProjectionExpression: projection.ProjectionExpression, ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...projection.ExpressionAttributeNames } },
    reading,
  );
  for (const item of items) {
    if (item.status === 'withdrawn') continue;
    const task = scoringTaskOf(item);
    const ledger = completeLedgerOf(item) ?? (await ledgerOfTaskEvents(task.id, reading));
    reading.tasks.push(task);
    reading.events.push(...ledger.map((entry) => ({ ...entry, taskId: task.id })));
  }
  return reading;
}

/** Every page of a Query, counted into `reading`. */
async function pagesOf(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, reading: ScoringReading): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: startKey }));
    reading.queries += 1;
    reading.itemsRead += page.Items?.length ?? 0;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A task stored before the ledger: its ledger from its events. */
async function ledgerOfTaskEvents(taskId: string, reading: ScoringReading): Promise<LedgerEntry[]> {
  const { ledger, queries, itemsRead } = await ledgerFromEvents(taskId);
  reading.queries += queries;
  reading.itemsRead += itemsRead;
  return ledger;
}

function scoringTaskOf(item: Item): ScoringTask {
  const progress = item.progress as (ScoringTask['progress'] & Record<string, unknown>) | null | undefined;
  return {
    id: item.id,
    planId: item.planId,
    goalId: item.goalId,
    unitId: item.unitId,
    year: item.year,
    kind: item.kind,
    title: item.title,
    target: item.target ?? null,
    ...(item.direction === undefined ? {} : { direction: item.direction }),
    ...(item.relative === undefined ? {} : { relative: item.relative }),
    ...(item.atLeast === true ? { atLeast: true } : {}),
    deadline: item.deadline,
    coUnits: item.coUnits ?? [],
    status: item.status,
    progress: progress
      ? {
          asOf: progress.asOf,
          ...(progress.done === undefined ? {} : { done: progress.done }),
          ...(progress.value === undefined ? {} : { value: progress.value }),
          ...(progress.complete === undefined ? {} : { complete: progress.complete }),
        }
      : null,
  };
}

/** The year's plans, by id: the first of them gives the rules per unit. */
export async function listYearPlans(year: number): Promise<PlanSummary[]> {
  return (await listPlans()).filter((plan) => plan.year === year).sort((a, b) => (a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0));
}

/** A unit assessed in the year: in which of the year's plans it is, by name as the first of them (by id) names it. */
export interface YearUnit {
  unitId: string;
  unitName: string;
  planIds: string[];
}

/** The units of all the year's plans, each once, sorted by id. */
export async function listYearUnits(year: number): Promise<YearUnit[]> {
  const units = new Map<string, YearUnit>();
  for (const { planId } of await listYearPlans(year)) {
    const stored = await loadPlan(planId);
    for (const unit of stored?.plan.units ?? []) {
      const known = units.get(unit.id);
      if (known) known.planIds.push(planId);
      else units.set(unit.id, { unitId: unit.id, unitName: unit.name, planIds: [planId] });
    }
  }
  return [...units.values()].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
}
