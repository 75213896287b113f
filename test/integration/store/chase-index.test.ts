import { readFileSync } from 'node:fs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { nextCheckDate } from '../../../shared/domain/check-date.js';
import { Plan } from '../../../shared/domain/plan.js';
import { taskId, type Task } from '../../../shared/domain/task.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import { useTestTable } from '../../support/test-table.js';

/*
 * gsi3, the chase's index: after a real breakdown of the Cixi sample it holds a task exactly
 * while `nextCheckDate` is not null, keyed by that date; a report that catches a task up moves it later,
 * closing takes it out.
 */

const tableName = await useTestTable();
const { dynamo } = await import('../../../shared/store/client.js');
const { keys, OPEN_SHARDS } = await import('../../../shared/store/keys.js');
const { indexes } = await import('../../../shared/store/table.js');
const { queryAll } = await import('../../../shared/store/query.js');
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { syncGoalTasks } = await import('../../../shared/store/goal-tasks.js');
const { fromTaskItem } = await import('../../../shared/store/task-items.js');
const { commitTaskChange, getTaskForChange } = await import('../../../shared/store/task-changes.js');
const { reportProgress } = await import('../../../shared/tasks/task-actions.js');

const DAY = '2022-04-01';
const plan = (() => {
  const parsed = parsePlanText(readFileSync(new URL('../../../samples/cixi-2022.yaml', import.meta.url), 'utf8'), 'yaml');
  if (!parsed.ok) throw new Error('the Cixi sample does not parse');
  return Plan.parse({ ...parsed.value, id: 'cixi-2022-index' });
})();
const calendar = calendarForYears([2022]);
// 浒山街道 rechecks 9 spray shops by 2022-09-30: ⅓ by 03-31, ⅔ by 06-30. Not reported: behind from 03-31.
const sprayRecheck = taskId(plan.id, 'spray-recheck', 'hushan');

/** The chase's read: every shard of 2022, `gsi3sk <= '<day>#~'`; the task ids found. */
async function chaseRead(day: string): Promise<string[]> {
  const pages = await Promise.all(
    Array.from({ length: OPEN_SHARDS }, (_, shard) =>
      queryAll({
        IndexName: indexes.openByDue,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :bound',
        ExpressionAttributeValues: { ':pk': `OPEN#2022#${shard}`, ':bound': `${day}#~` },
      }),
    ),
  );
  return pages.flat().map((item) => item.id as string).sort();
}

async function allTasks(): Promise<Task[]> {
  const items = await queryAll({ IndexName: indexes.byPlan, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.planTasks(plan.id) } });
  return items.map(fromTaskItem);
}

async function storedItem(id: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.task(id), ConsistentRead: true }));
  return Item!;
}

beforeAll(async () => {
  const clock = fixedClock('2022-01-05T10:00:00+08:00');
  const saved = await savePlan(plan, 'admin:test', clock);
  for (const goal of plan.goals) await syncGoalTasks({ plan, revision: saved.revision, goal, executionId: 'exec-index' }, clock);
});

describe('gsi3, the chase index keyed by the next check date', () => {
  it('after a breakdown of the Cixi sample holds exactly the tasks whose check date is on or before the day', async () => {
    // Act
    const read = await chaseRead(DAY);

    // Assess
    const tasks = await allTasks();
    const expected = tasks
      .filter((task) => {
        const date = nextCheckDate(task, calendar, plan.tracking);
        return date !== null && date <= DAY;
      })
      .map((task) => task.id)
      .sort();
    expect(tasks.length).toBeGreaterThan(20);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(tasks.length);
    expect(read).toEqual(expected);
    expect(read).toContain(sprayRecheck);
    // and every task carries its own check date as its key
    for (const task of tasks) {
      const item = await storedItem(task.id);
      expect(item.gsi3sk).toBe(`${nextCheckDate(task, calendar, plan.tracking)}#${task.id}`);
    }
  });

  it('moves a task later when a progress report catches it up: it leaves the day\'s read', async () => {
    // Prepare
    const before = (await getTaskForChange(sprayRecheck))!;
    const clock = fixedClock(`${DAY}T10:00:00+08:00`);

    // Act: the tasks API's report, 3 of 9 done (the ⅓ due by 03-31)
    await reportProgress(
      { taskId: sprayRecheck, principal: { role: 'unit', unitId: 'hushan', subject: 'token:hushan' }, expectedVersion: before.task.version, clock },
      { asOf: DAY, done: 3 },
    );

    // Assess
    const item = await storedItem(sprayRecheck);
    expect(item.gsi3sk).toBe(`2022-06-30#${sprayRecheck}`);
    expect(await chaseRead(DAY)).not.toContain(sprayRecheck);
    expect(await chaseRead('2022-06-30')).toContain(sprayRecheck);
  });

  it('takes a task out when it is closed', async () => {
    // Prepare
    const current = (await getTaskForChange(sprayRecheck))!;

    // Act
    await commitTaskChange({
      current,
      changes: { status: 'closed' },
      event: { type: 'task_closed', from: { status: current.task.status }, to: { status: 'closed' } },
      by: 'admin:test',
      at: '2022-10-08T02:00:00.000Z',
      tracking: plan.tracking,
    });

    // Assess
    const item = await storedItem(sprayRecheck);
    expect(item).not.toHaveProperty('gsi3pk');
    expect(item).not.toHaveProperty('gsi3sk');
    expect(await chaseRead('2022-12-31')).not.toContain(sprayRecheck);
  });
});
