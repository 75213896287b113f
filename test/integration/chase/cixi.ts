import { readFileSync } from 'node:fs';
import { fixedClock } from '../../../shared/clock/clock.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { lateness, levelReached, type Level } from '../../../shared/domain/lateness.js';
import { Plan } from '../../../shared/domain/plan.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import type { Item } from '../../../shared/store/batch.js';

/** The Cixi sample, stored and broken down with the real store code (call after `useTestTable()`). */

const sampleYaml = readFileSync(new URL('../../../samples/cixi-2022.yaml', import.meta.url), 'utf8');

export function cixiPlan(id = 'cixi-2022'): Plan {
  const parsed = parsePlanText(sampleYaml, 'yaml');
  if (!parsed.ok) throw new Error('the Cixi sample does not parse');
  return Plan.parse({ ...parsed.value, id });
}

/** Saves the plan and writes every goal's tasks, as a breakdown would; answers the plan. */
export async function breakDownCixi(id = 'cixi-2022'): Promise<Plan> {
  const { savePlan } = await import('../../../shared/store/plans-repo.js');
  const { syncGoalTasks } = await import('../../../shared/store/goal-tasks.js');
  const clock = fixedClock('2022-01-05T10:00:00+08:00');
  const plan = cixiPlan(id);
  const saved = await savePlan(plan, 'admin:test', clock);
  for (const goal of plan.goals) await syncGoalTasks({ plan, revision: saved.revision, goal, executionId: `seed-${id}` }, clock);
  return plan;
}

/** Every task item of the plan (gsi1), keys included. */
export async function taskItemsOf(planId: string): Promise<Item[]> {
  const { queryAll } = await import('../../../shared/store/query.js');
  const { indexes } = await import('../../../shared/store/table.js');
  return queryAll({ IndexName: indexes.byPlan, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `PLAN#${planId}` } });
}

/**
 * The level each of the plan's tasks should get on `date` from a first chase: the tasks the chase reads
 * (open, with their gsi3 sort key on or before the day, whatever the index is keyed by) judged by the
 * domain rules with the plan's tracking.
 */
export async function expectedLevels(plan: Plan, date: string): Promise<Map<string, Level>> {
  const { fromTaskItem } = await import('../../../shared/store/task-items.js');
  const expected = new Map<string, Level>();
  for (const item of await taskItemsOf(plan.id)) {
    if (typeof item.gsi3sk !== 'string' || item.gsi3sk > `${date}#~`) continue;
    const task = fromTaskItem(item);
    const late = lateness(task, date, calendarForYears([task.year]), plan.tracking);
    const level = late && levelReached(late, plan.tracking.ladder);
    if (level) expected.set(task.id, level);
  }
  return expected;
}

/** The escalations raised on a chase day: their copies under the day, every shard (`ESCALATIONS#<date>#<shard>`). */
export async function escalationsOn(date: string): Promise<Item[]> {
  const { queryAll } = await import('../../../shared/store/query.js');
  const { keys, OPEN_SHARDS } = await import('../../../shared/store/keys.js');
  const shards = Array.from({ length: OPEN_SHARDS }, (_, shard) => keys.escalationsOfDayPartition(date, shard));
  const items = await Promise.all(
    shards.map((pk) => queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true })),
  );
  return items.flat();
}

