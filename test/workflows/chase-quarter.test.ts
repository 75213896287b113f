import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { fixedClock } from '../../shared/clock/clock.js';
import { firstWorkingDayOfMonth, isWorkingDay } from '../../shared/domain/calendar.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import { escalationPeriod, lateness, levelLabels, levelReached, levels, newLevels, type Level } from '../../shared/domain/lateness.js';
import type { Plan } from '../../shared/domain/plan.js';
import type { Task } from '../../shared/domain/task.js';
import type { Item } from '../../shared/store/batch.js';
import { breakDownCixi, escalationsOn, taskItemsOf } from '../integration/chase/cixi.js';
import { startTestStack } from '../support/local-stack.js';
import { usePrivateDynamoDb } from '../support/private-dynamodb.js';

// The synthesized chase state machine on the local stack through a scripted quarter.
// The Cixi sample, broken down by the real store code, is chased on every working day of 2022 Q4 (国庆
// and its 调休 weekend included), with units' reports and an extension through the real use cases in
// between. Day by day, what the run raised must be what the domain rules say (lateness, levelReached,
// escalationPeriod, newLevels over the tasks as they stand, the level raised per task and period kept by
// this test, not read back), a handful of dates are checked by hand, a re-run and two concurrent runs of a
// day add nothing, and each unit has at most one digest a day.

const calendar = calendarForYears([2022]);
const QUARTER = { from: '2022-10-01', to: '2022-12-31' };

/** Every working day of the quarter: 国庆 (10-01..07) off, the 调休 weekend 10-08/09 on. */
function workingDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date(`${to}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    if (isWorkingDay(calendar, date)) days.push(date);
  }
  return days;
}

const T = (name: string) => `cixi-2022.${name}`;
/** Stays late: an action due Friday 2022-09-30, never reported. */
const ECO_PLAN = T('eco-plan-revision.eco-bureau');
/** On track until the 09-30 milestone (70 %) passes, then behind and never catches up. */
const WASTE_LATE = T('hazardous-waste-network.hushan');
/** Behind from the same milestone, catches up on 10-14 after 催办 and 督办. */
const WASTE_CATCHES_UP = T('hazardous-waste-network.baishalu');
/** Due Monday 2022-10-31 and short of it: reminded, then an extension to 12-31 is approved. */
const CARBON_EXTENDED = T('activated-carbon.gutang');
/** Due 2022-10-31 as well, on the same track, without an extension: climbs from 11-01. */
const CARBON_LATE = T('activated-carbon.hushan');

/** What units and the bureau do, by the working day before whose chase it happens. */
type Action = (plan: Plan) => Promise<void>;

let stack: LocalStack;
let sfn: SFNClient;
let plan: Plan;
/** Per chase day: what the test expects raised (`taskId level`) and what the runs answered. */
const days: { date: string; expected: string[]; raised: string[]; results: ChaseResult[] }[] = [];
/** Each task's level per escalation period, as the rules raise them (the test's own account). */
const ladder = new Map<string, { period: string; level: Level }>();
/** The plan's tasks as the units and the bureau left them (the chase's own writes change nothing lateness reads). */
const tasks = new Map<string, Task>();
const notes: string[] = [];

interface ChaseResult {
  date: string;
  examined: number;
  escalations: Record<string, number>;
  notifications: number;
}

async function chase(date: string, name: string) {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify({ date }) }));
  const execution = await stack.runner.wait(started.executionArn!);
  expect(execution.status, `${date} ${name}: ${execution.error} ${execution.cause}`).toBe('SUCCEEDED');
  return JSON.parse(execution.output!) as ChaseResult;
}

async function storedTask(taskId: string): Promise<Task> {
  const { getTaskForChange } = await import('../../shared/store/task-changes.js');
  return (await getTaskForChange(taskId))!.task;
}

const unitOf = (taskId: string) => ({ role: 'unit' as const, unitId: taskId.split('.').at(-1)!, subject: 'unit-token' });
const admin = { role: 'admin' as const, subject: 'admin-token' };
/** A report or decision made at 10:00 Shanghai on `date`. */
const at = (date: string) => fixedClock(`${date}T10:00:00+08:00`);

async function report(taskId: string, date: string, share: number) {
  const { reportProgress } = await import('../../shared/tasks/task-actions.js');
  const task = await storedTask(taskId);
  await reportProgress(
    { taskId, principal: unitOf(taskId), expectedVersion: task.version, clock: at(date) },
    { asOf: date, done: Math.ceil(share * task.target!) },
  );
  tasks.set(taskId, await storedTask(taskId));
}

async function extend(taskId: string, date: string, to: string) {
  const { requestExtension, decideExtension } = await import('../../shared/tasks/extensions.js');
  const task = await storedTask(taskId);
  const { extension } = await requestExtension(
    { taskId, principal: unitOf(taskId), expectedVersion: task.version, clock: at(date) },
    { to, reason: '设备到货延迟 / equipment delivered late' },
  );
  await decideExtension({ extensionId: extension.extensionId, principal: admin, approve: true, clock: at(date) });
  tasks.set(taskId, await storedTask(taskId));
}

/** Before the quarter: the two waste-network towns and the two carbon towns report on track. */
const beforeQuarter: Action = async () => {
  await report(WASTE_LATE, '2022-09-20', 0.45);
  await report(WASTE_CATCHES_UP, '2022-09-20', 0.45);
  await report(CARBON_EXTENDED, '2022-09-28', 0.8);
  await report(CARBON_LATE, '2022-09-28', 0.8);
};

/** Before the chase of a day (reports dated the working day before). */
const script: Record<string, Action> = {
  // 催办 10-08, 督办 10-12 behind the 70 % of 09-30; the 10-13 report of 72 % catches up.
  '2022-10-14': () => report(WASTE_CATCHES_UP, '2022-10-13', 0.72),
  // 提醒 on 10-24 (5 working days before 10-31); the extension to 12-31 is asked and approved on 10-25.
  '2022-10-26': () => extend(CARBON_EXTENDED, '2022-10-25', '2022-12-31'),
};

/** The levels the rules raise on `date` over the tasks as they stand, given what they raised before. */
function expectedOn(date: string): string[] {
  const raised: string[] = [];
  for (const task of tasks.values()) {
    const late = lateness(task, date, calendar, plan.tracking);
    const reached = late && levelReached(late, plan.tracking.ladder);
    if (!late || !reached) continue;
    const period = escalationPeriod(late);
    const before = ladder.get(task.id);
    for (const level of newLevels(reached, before?.period === period ? [before.level] : [])) {
      ladder.set(task.id, { period, level });
      raised.push(`${task.id} ${level}`);
    }
  }
  return raised.sort();
}

const raisedOn = async (date: string) => (await escalationsOn(date)).map((item) => `${item.taskId} ${item.level}`).sort();

/** The test's own Scan of the table (never the chase's way of reading). */
async function everything(): Promise<Item[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items;
}

const chaseNotes = (items: Item[]) => items.filter((item) => item.entity === 'notification' && item.kind === 'chase');

const countsOf = (lines: string[]) =>
  Object.fromEntries(levels.map((level) => [levelLabels[level], lines.filter((line) => line.endsWith(` ${level}`)).length]));

/** Where a task climbed in the quarter: `date level`, in order. */
const climbOf = (taskId: string) =>
  days.flatMap((day) => day.raised.filter((line) => line.startsWith(`${taskId} `)).map((line) => `${day.date} ${line.split(' ')[1]}`));

const RERUN_DAYS = ['2022-10-12', '2022-11-01'];
const CONCURRENT_DAY = '2022-10-19';

let dynamodb: DynamoDbLocal;

beforeAll(async () => {
  const started = Date.now();
  dynamodb = await usePrivateDynamoDb();
  stack = await startTestStack();
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  plan = await breakDownCixi();
  const { fromTaskItem } = await import('../../shared/store/task-items.js');
  for (const item of await taskItemsOf(plan.id)) tasks.set(item.id as string, fromTaskItem(item));
  expect(tasks.size).toBe(185);
  await beforeQuarter(plan);

  for (const date of workingDays(QUARTER.from, QUARTER.to)) {
    await script[date]?.(plan);
    const expected = expectedOn(date);
    const results =
      date === CONCURRENT_DAY
        ? await Promise.all([chase(date, `q-${date}-a`), chase(date, `q-${date}-b`)])
        : [await chase(date, `q-${date}`)];
    days.push({ date, expected, raised: await raisedOn(date), results });
    if (RERUN_DAYS.includes(date)) {
      const before = { items: (await everything()).length };
      const again = await chase(date, `q-${date}-again`);
      notes.push(JSON.stringify({ date, again, before: before.items, after: (await everything()).length }));
    }
  }
  notes.push(`quarter chased in ${Date.now() - started} ms`);
}, 300_000);
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
  await dynamodb?.stop();
});

describe('the chase through 2022 Q4, on the local stack', () => {
  it('runs on every working day of the quarter: 国庆 off, the 调休 weekend on', () => {
    // Assess
    const dates = days.map((day) => day.date);
    expect(dates).toHaveLength(62);
    expect(dates.slice(0, 3)).toEqual(['2022-10-08', '2022-10-09', '2022-10-10']);
    expect(dates.some((date) => date >= '2022-10-01' && date <= '2022-10-07')).toBe(false);
    expect(dates.at(-1)).toBe('2022-12-30');
  });

  it('raises, day by day, exactly the levels the domain rules give, and says so in its summary', () => {
    // Assess
    for (const day of days) {
      expect(day.raised, day.date).toEqual(day.expected);
      const summed = Object.fromEntries(
        levels.map((level) => [levelLabels[level], day.results.reduce((sum, result) => sum + result.escalations[levelLabels[level]]!, 0)]),
      );
      expect(summed, day.date).toEqual(countsOf(day.expected));
    }
    // Not a quiet quarter: the first day catches up on the year, then levels are raised on many days.
    expect(days[0]!.expected.length).toBeGreaterThan(100);
    expect(days.filter((day) => day.expected.length > 0).length).toBeGreaterThan(12);
  });

  it('climbs the right tasks on the right working days (checked by hand)', () => {
    // Assess
    // Due Friday 09-30; 国庆 10-01..07 is off: the 1st working day after is Saturday 10-08 (调休), the 5th is
    // 10-12, the 10th 10-19, the 20th 11-02.
    expect(climbOf(ECO_PLAN)).toEqual(['2022-10-08 urge', '2022-10-12 supervise', '2022-10-19 notice', '2022-11-02 summon']);
    expect(climbOf(T('spray-recheck.kandun'))).toEqual(climbOf(ECO_PLAN));
    // Behind the 70 % of 09-30 from the same day and never catching up: behind outranks due soon, nothing after 约谈.
    expect(climbOf(WASTE_LATE)).toEqual(['2022-10-08 urge', '2022-10-12 supervise', '2022-10-19 notice', '2022-11-02 summon']);
    // Caught up with 72 % on 10-13: no 通报 on 10-19, no 约谈; due soon (short of 100 %) 5 working days before
    // Saturday 12-31, counted from Friday 12-30: 12-23.
    expect(climbOf(WASTE_CATCHES_UP)).toEqual(['2022-10-08 urge', '2022-10-12 supervise', '2022-12-23 remind']);
    // Due Monday 10-31: 提醒 on 10-24 (5 working days before); overdue from 11-01: 催办, 11-07 督办, 11-14 通报, 11-28 约谈.
    expect(climbOf(CARBON_LATE)).toEqual(['2022-10-24 remind', '2022-11-01 urge', '2022-11-07 supervise', '2022-11-14 notice', '2022-11-28 summon']);
    // The same, extended on 10-25 to 12-31: nothing more until due soon again, 5 working days before 12-31.
    expect(climbOf(CARBON_EXTENDED)).toEqual(['2022-10-24 remind', '2022-12-23 remind']);
  });

  it('keeps the history of the tasks that stopped climbing', async () => {
    // Prepare
    const { escalationsOfTask } = await import('../../shared/store/escalations.js');

    // Act
    const caughtUp = await escalationsOfTask(WASTE_CATCHES_UP, 'behind:2022-09-30');
    const extended = await escalationsOfTask(CARBON_EXTENDED);
    const task = await storedTask(CARBON_EXTENDED);

    // Assess
    expect(caughtUp.map((escalation) => `${escalation.date} ${escalation.level}`)).toEqual(['2022-10-08 urge', '2022-10-12 supervise']);
    expect(extended.map((escalation) => `${escalation.date} ${escalation.level} ${escalation.period}`)).toEqual([
      '2022-10-24 remind due:2022-10-24',
      '2022-12-23 remind due:2022-12-23',
    ]);
    expect(task).toMatchObject({ deadline: '2022-12-31', originalDeadline: '2022-10-31' });
  });

  it('adds nothing when a day runs again, and two concurrent runs of a day raise each level once', () => {
    // Assess
    for (const line of notes.filter((note) => note.startsWith('{'))) {
      const rerun = JSON.parse(line) as { date: string; again: ChaseResult; before: number; after: number };
      expect(Object.values(rerun.again.escalations).every((n) => n === 0), rerun.date).toBe(true);
      expect(rerun.after, `items after re-running ${rerun.date}`).toBe(rerun.before);
    }
    expect(notes.filter((note) => note.startsWith('{'))).toHaveLength(RERUN_DAYS.length);
    const concurrent = days.find((day) => day.date === CONCURRENT_DAY)!;
    expect(concurrent.results).toHaveLength(2);
    expect(concurrent.expected.length).toBeGreaterThan(0);
    expect(concurrent.raised).toEqual(concurrent.expected);
  });

  it('gives each unit at most one digest a day, listing that day’s escalations, and the leaders theirs', async () => {
    // Prepare
    const digests = chaseNotes(await everything());

    // Act
    const byDay = new Map<string, string[]>();
    for (const digest of digests) {
      const date = (digest.notificationId as string).slice('chase-'.length);
      byDay.set(date, [...(byDay.get(date) ?? []), digest.unitId as string]);
    }

    // Assess
    const escalations = (await everything()).filter((item) => item.entity === 'escalation');
    for (const day of days) {
      const units = [...new Set(escalations.filter((item) => item.date === day.date).map((item) => item.unitId as string))];
      const leaders =
        day.expected.some((line) => line.endsWith(' notice') || line.endsWith(' summon')) ||
        firstWorkingDayOfMonth(calendar, day.date.slice(0, 7)) === day.date;
      const inboxes = [...units, ...(leaders ? ['_leaders'] : [])].sort();
      expect((byDay.get(day.date) ?? []).sort(), day.date).toEqual(inboxes);
      for (const result of day.results) expect(result.notifications, day.date).toBe(inboxes.length);
    }
    expect([...byDay.keys()].every((date) => days.some((day) => day.date === date))).toBe(true);
    // Each unit's digest counts every escalation of the unit that day (the concurrent runs' included).
    for (const digest of digests.filter((item) => item.unitId !== '_leaders')) {
      const date = (digest.notificationId as string).slice('chase-'.length);
      const ofUnit = escalations.filter((item) => item.date === date && item.unitId === digest.unitId);
      const counts: Record<string, number> = {};
      for (const item of ofUnit) counts[item.level as string] = (counts[item.level as string] ?? 0) + 1;
      expect(digest.counts, `${date} ${digest.unitId}`).toEqual(counts);
    }
  });
});
