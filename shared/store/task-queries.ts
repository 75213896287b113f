import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Task, TaskStatus } from '../domain/task.js';
import { batchGetAll, type Item } from './batch.js';
import { dynamo } from './client.js';
import { invalidCursor } from './cursor-check.js';
import { keys } from './keys.js';
import { fromTaskItem } from './task-items.js';
import { indexes, tableName } from './table.js';

/** A page of a list, and the key to resume after it (undefined on the last page). */
export interface Page<T> {
  items: T[];
  lastKey: PageKey | undefined;
}

/** A LastEvaluatedKey of the single table: key attribute names to string values. */
export type PageKey = Record<string, string>;

export interface TaskFilter {
  status?: TaskStatus;
  /** Inclusive bounds on the deadline (ISO dates). */
  dueAfter?: string;
  dueBefore?: string;
}

export interface PageRequest {
  limit: number;
  startKey?: PageKey;
}

export async function getTask(taskId: string): Promise<Task | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.task(taskId) }));
  return Item ? fromTaskItem(Item) : undefined;
}

/** The tasks of `taskIds` that exist, in one BatchGetItem per 100 (a unit's assessment lines name tens). */
export async function getTasks(taskIds: readonly string[]): Promise<Task[]> {
  const items = await batchGetAll([...new Set(taskIds)].map((taskId) => keys.task(taskId)));
  return items.map(fromTaskItem);
}

/**
 * A plan's tasks, by goal then unit (gsi1). With a unit the unit's own index is read instead (gsi2, keyed
 * by the plan's year and the due range), which stays small however many units the plan has.
 */
export async function listPlanTasks(
  request: { planId: string; year: number; goalId?: string; unitId?: string } & TaskFilter & PageRequest,
): Promise<Page<Task>> {
  const { planId, year, goalId, unitId, status, dueAfter, dueBefore } = request;
  if (unitId) {
    return queryTasks({
      index: indexes.byUnit,
      partition: keys.unitTasks(unitId),
      sortKey: { range: keys.unitTasksDue(year, dueAfter, dueBefore) },
      equal: { planId, goalId, status },
      page: request,
    });
  }
  return queryTasks({
    index: indexes.byPlan,
    partition: keys.planTasks(planId),
    sortKey: goalId ? { prefix: keys.goalTasksPrefix(goalId) } : undefined,
    equal: { status },
    due: { dueAfter, dueBefore },
    page: request,
  });
}

/** Tasks per Query when reading a whole plan (DynamoDB's 1 MB pages cut it shorter): few round trips. */
const WHOLE_PLAN_PAGE = 1000;

/** Every task of a plan (gsi1), page after page: for the readers that count them all (bulletin, public progress). */
export async function allPlanTasks(planId: string, year: number): Promise<Task[]> {
  const tasks: Task[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await listPlanTasks({ planId, year, limit: WHOLE_PLAN_PAGE, ...(startKey ? { startKey } : {}) });
    tasks.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return tasks;
}

/**
 * A unit's tasks by due date (gsi2). With a year the due range is part of the key condition; without one
 * (tasks of every year) it can only be a filter.
 */
export async function listUnitTasks(
  request: { unitId: string; year?: number } & TaskFilter & PageRequest,
): Promise<Page<Task>> {
  const { unitId, year, status, dueAfter, dueBefore } = request;
  return queryTasks({
    index: indexes.byUnit,
    partition: keys.unitTasks(unitId),
    sortKey: year === undefined ? undefined : { range: keys.unitTasksDue(year, dueAfter, dueBefore) },
    equal: { status },
    due: year === undefined ? { dueAfter, dueBefore } : undefined,
    page: request,
  });
}

interface TaskQuery {
  index: string;
  partition: string;
  sortKey: { prefix: string } | { range: { from: string; to: string } } | undefined;
  /** Attribute = value filters; undefined values are left out. */
  equal: Record<string, string | undefined>;
  due?: { dueAfter: string | undefined; dueBefore: string | undefined } | undefined;
  page: PageRequest;
}

/** Round trips per list call when filters leave pages sparse; then the caller resumes from the cursor. */
const MAX_ROUNDS = 8;
/** Items evaluated per round when a filter may drop most of them (a Limit applies before the filter). */
const FILTERED_ROUND_SIZE = 100;

/**
 * Reads up to `limit` matching tasks. A filter is applied after DynamoDB's Limit, so one request may
 * match few items: read on, and when a round matches more than needed, stop after the last item taken
 * and resume from that item's own key.
 */
async function queryTasks(query: TaskQuery): Promise<Page<Task>> {
  const { limit } = query.page;
  const input = queryInput(query);
  const filtered = input.FilterExpression !== undefined;
  let startKey = query.page.startKey && checkedStartKey(query, query.page.startKey);
  const items: Item[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const remaining = limit - items.length;
    const page = await send({ ...input, Limit: filtered ? Math.max(remaining, FILTERED_ROUND_SIZE) : remaining, ExclusiveStartKey: startKey });
    const found = page.Items ?? [];
    items.push(...found.slice(0, remaining));
    if (found.length > remaining) return { items: items.map(fromTaskItem), lastKey: keyOf(query.index, items.at(-1) as Item) };
    startKey = page.LastEvaluatedKey as PageKey | undefined;
    if (!startKey || items.length === limit) break;
  }
  return { items: items.map(fromTaskItem), lastKey: startKey };
}

function queryInput(query: TaskQuery): Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> {
  const names: Record<string, string> = { '#pk': `${query.index}pk` };
  const values: Record<string, string> = { ':pk': query.partition };
  let keyCondition = '#pk = :pk';
  if (query.sortKey) names['#sk'] = `${query.index}sk`;
  if (query.sortKey && 'prefix' in query.sortKey) {
    keyCondition += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = query.sortKey.prefix;
  } else if (query.sortKey) {
    keyCondition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = query.sortKey.range.from;
    values[':to'] = query.sortKey.range.to;
  }

  const filters: string[] = [];
  Object.entries(query.equal).forEach(([name, value], i) => {
    if (value === undefined) return;
    names[`#e${i}`] = name;
    values[`:e${i}`] = value;
    filters.push(`#e${i} = :e${i}`);
  });
  if (query.due?.dueAfter || query.due?.dueBefore) names['#deadline'] = 'deadline';
  if (query.due?.dueAfter) {
    values[':dueAfter'] = query.due.dueAfter;
    filters.push('#deadline >= :dueAfter');
  }
  if (query.due?.dueBefore) {
    values[':dueBefore'] = query.due.dueBefore;
    filters.push('#deadline <= :dueBefore');
  }

  return {
    TableName: tableName(),
    IndexName: query.index,
    KeyConditionExpression: keyCondition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

async function send(input: QueryCommandInput) {
  try {
    return await dynamo().send(new QueryCommand(input));
  } catch (error) {
    // Backstop for a start key our checks let through but DynamoDB rejects: still the caller's cursor.
    if (input.ExclusiveStartKey && (error as Error).name === 'ValidationException') throw invalidCursor();
    throw error;
  }
}

/** A start key must be one this very query could have returned: same index, same partition, inside the range. */
function checkedStartKey(query: TaskQuery, key: PageKey): PageKey {
  const indexPk = `${query.index}pk`;
  const indexSk = `${query.index}sk`;
  const names = Object.keys(key).sort();
  const sortValue = key[indexSk] ?? '';
  const inRange =
    !query.sortKey ||
    ('prefix' in query.sortKey
      ? sortValue.startsWith(query.sortKey.prefix)
      : sortValue >= query.sortKey.range.from && sortValue <= query.sortKey.range.to);
  const valid =
    names.join(',') === [indexPk, indexSk, 'pk', 'sk'].sort().join(',') &&
    key[indexPk] === query.partition &&
    key.pk?.startsWith('TASK#') === true &&
    key.sk === 'TASK' &&
    inRange;
  if (!valid) throw invalidCursor();
  return key;
}


function keyOf(index: string, item: Item): PageKey {
  const names = ['pk', 'sk', `${index}pk`, `${index}sk`];
  return Object.fromEntries(names.map((name) => [name, item[name] as string]));
}
