import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../../shared/domain/audit-chain.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { StaleVersion } from '../../../shared/domain/errors.js';
import { lateness, levelReached, type Lateness, type Level } from '../../../shared/domain/lateness.js';
import type { Task, TaskStatus } from '../../../shared/domain/task.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { useTestTable } from '../../support/test-table.js';
import { putTasks, task } from '../functions/fixtures.js';

// Lets a test run a unit's report between the chase's read of a task and its write.
vi.mock('../../../shared/store/task-changes.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../shared/store/task-changes.js')>();
  return { ...actual, getTaskForChange: vi.fn(actual.getTaskForChange) };
});

const tableName = await useTestTable();
const { raiseEscalation, escalationsOfDay, escalationsOfTask } = await import('../../../shared/store/escalations.js');
const { commitTaskChange, getTaskForChange } = await import('../../../shared/store/task-changes.js');
const { listTaskEvents } = await import('../../../shared/store/task-history.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys, OPEN_SHARDS, shardOf } = await import('../../../shared/store/keys.js');

const realGetTaskForChange = (await vi.importActual<typeof import('../../../shared/store/task-changes.js')>('../../../shared/store/task-changes.js')).getTaskForChange;

afterEach(() => {
  vi.mocked(getTaskForChange).mockReset();
  vi.mocked(getTaskForChange).mockImplementation(realGetTaskForChange);
});

const calendar = calendarForYears([2024]);
/** The fixture tasks' deadline is Saturday 2024-11-30: on Wednesday 2024-12-04 they are 3 working days overdue. */
const DAY = '2024-12-04';
const AT = '2024-12-04T01:00:00.000Z';

async function seed(planId: string, overrides: Partial<Task> & { unitId?: string } = {}): Promise<Task> {
  const seeded = task({ planId, goalId: 'vocs', unitId: 'longshan', ...overrides });
  await putTasks(tableName, [seeded]);
  return seeded;
}

function lateOn(seeded: Task, day = DAY): { lateness: Lateness; level: Level } {
  const late = lateness(seeded, day, calendar, defaultTracking)!;
  return { lateness: late, level: levelReached(late, defaultTracking.ladder)! };
}

const raise = (taskId: string, level: Level, late: Lateness, date = DAY) =>
  raiseEscalation({ taskId, level, lateness: late, date, by: `chase:${date}`, at: `${date}T01:00:00.000Z`, tracking: defaultTracking });

/** A unit's report of its cumulative progress, committed as the tasks API does (read, then one transaction). */
async function report(taskId: string, done: number) {
  const current = (await realGetTaskForChange(taskId))!;
  const progress = { asOf: '2024-12-03', done, reportedBy: 'unit:longshan', reportedAt: AT };
  return commitTaskChange({
    current,
    changes: { progress, status: 'in_progress' satisfies TaskStatus },
    event: { type: 'progress_reported', from: { progress: current.task.progress }, to: { progress } },
    by: 'unit:longshan',
    at: AT,
    tracking: defaultTracking,
  });
}

/** A report that tries again, as a client would, until it lands. */
async function reportUntilLanded(taskId: string, done: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await report(taskId, done);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * Math.random()));
    }
  }
}

async function partition(taskId: string) {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId) },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

/** The day's copies, every shard. */
async function dayIndex(date: string) {
  const shards = await Promise.all(
    Array.from({ length: OPEN_SHARDS }, (_, shard) =>
      dynamo().send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.escalationsOfDayPartition(date, shard) },
          ConsistentRead: true,
        }),
      ),
    ),
  );
  return shards.flatMap((answer) => answer.Items ?? []);
}

async function history(taskId: string) {
  return (await listTaskEvents(taskId, { limit: 200 })).items;
}

/** The problems of the task's audit chain as stored: none for a sound one. */
async function chainProblems(taskId: string) {
  const current = (await realGetTaskForChange(taskId))!;
  return verifyChain(taskId, await history(taskId), current.auditHead, current.task.version);
}

describe('raiseEscalation', () => {
  it('writes the task’s escalation, a chained event with the reason and figures, and the item on the day index', async () => {
    // Prepare
    const seeded = await seed('raise-once');
    const { lateness: late, level } = lateOn(seeded);

    // Act
    const outcome = await raise(seeded.id, level, late);

    // Assess
    expect(level).toBe('urge');
    expect(outcome).toBe('raised');
    const escalation = { level: 'urge', period: 'overdue:2024-11-30', date: DAY };
    const { task: stored } = (await realGetTaskForChange(seeded.id))!;
    expect(stored).toMatchObject({ version: 2, updatedAt: AT, escalation });
    expect(Object.keys(stored).indexOf('escalation')).toBe(Object.keys(stored).indexOf('version') - 1);

    const events = await history(seeded.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'escalated',
      by: `chase:${DAY}`,
      at: AT,
      version: 2,
      from: { escalation: null },
      to: { escalation },
      reason: '催办 / urge: overdue since 2024-11-30, 3 working days',
      kind: 'overdue',
      since: '2024-11-30',
      figures: { deadline: '2024-11-30' },
    });
    expect(await chainProblems(seeded.id)).toEqual([]);

    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName, Key: keys.escalation(seeded.id, 'overdue:2024-11-30', 'urge'), ConsistentRead: true }),
    );
    const copies = await dayIndex(DAY);
    expect(copies.filter((copy) => copy.taskId === seeded.id).map((copy) => [copy.pk, copy.sk, copy.entity])).toEqual([
      [`ESCALATIONS#${DAY}#${shardOf(seeded.id)}`, `longshan#${seeded.id}#urge`, 'escalation_of_day'],
    ]);
    expect(Item).toEqual({
      ...keys.escalation(seeded.id, 'overdue:2024-11-30', 'urge'),
      entity: 'escalation',
      taskId: seeded.id,
      planId: 'raise-once',
      unitId: 'longshan',
      level: 'urge',
      period: 'overdue:2024-11-30',
      date: DAY,
      kind: 'overdue',
      since: '2024-11-30',
      workingDays: 3,
      figures: { deadline: '2024-11-30' },
      raisedAt: AT,
      title: seeded.title,
    });
    expect((await escalationsOfDay(DAY)).filter((e) => e.taskId === seeded.id)).toEqual([
      { taskId: seeded.id, planId: 'raise-once', unitId: 'longshan', level: 'urge', period: 'overdue:2024-11-30', date: DAY, kind: 'overdue', since: '2024-11-30', workingDays: 3, figures: { deadline: '2024-11-30' }, raisedAt: AT, title: seeded.title },
    ]);
    expect(vi.mocked(getTaskForChange)).toHaveBeenCalledTimes(1);
  });

  it('records a behind task’s figures (序时进度) and keeps the previous escalation in the event when the task climbs', async () => {
    // Prepare: 0 of 10 done, half due by the end of June.
    const seeded = await seed('raise-behind', { deadline: '2024-12-31' });
    const july = lateOn(seeded, '2024-07-02');
    const later = lateOn(seeded, '2024-07-09');

    // Act
    const first = await raise(seeded.id, july.level, july.lateness, '2024-07-02');
    const second = await raise(seeded.id, later.level, later.lateness, '2024-07-09');

    // Assess
    expect([first, second]).toEqual(['raised', 'raised']);
    expect([july.level, later.level]).toEqual(['urge', 'supervise']);
    const events = await history(seeded.id);
    expect(events.map((e) => [e.version, e.type, e.reason])).toEqual([
      [2, 'escalated', '催办 / urge: behind since 2024-06-30, 2 working days'],
      [3, 'escalated', '督办 / supervise: behind since 2024-06-30, 7 working days'],
    ]);
    expect(events[1]).toMatchObject({
      from: { escalation: { level: 'urge', period: 'behind:2024-06-30', date: '2024-07-02' } },
      to: { escalation: { level: 'supervise', period: 'behind:2024-06-30', date: '2024-07-09' } },
      figures: { expectedShare: 0.5, actualShare: 0, done: 0, target: 10, milestone: '2024-06-30' },
    });
    expect(await chainProblems(seeded.id)).toEqual([]);
    expect((await escalationsOfTask(seeded.id)).map((e) => [e.period, e.level, e.date])).toEqual([
      ['behind:2024-06-30', 'urge', '2024-07-02'],
      ['behind:2024-06-30', 'supervise', '2024-07-09'],
    ]);
  });

  it('answers already_raised for the same level in the same period, writing nothing', async () => {
    // Prepare
    const seeded = await seed('raise-twice');
    const { lateness: late, level } = lateOn(seeded);
    await raise(seeded.id, level, late);
    const before = await partition(seeded.id);

    // Act
    const again = await raise(seeded.id, level, late);
    const nextDay = await raise(seeded.id, level, { ...late, workingDays: 4 }, '2024-12-05');

    // Assess
    expect([again, nextDay]).toEqual(['already_raised', 'already_raised']);
    expect(await partition(seeded.id)).toEqual(before);
    expect(before.map((item) => item.entity).sort()).toEqual(['escalation', 'task', 'taskEvent']);
    expect(await dayIndex('2024-12-05')).toEqual([]);
  });

  it('answers already_raised when the level’s item exists though the task moved on to another period (the item’s condition)', async () => {
    // Prepare: raised in the deadline's period, then in the period of an extended deadline.
    const seeded = await seed('raise-old-period');
    const { lateness: late } = lateOn(seeded);
    const extended: Lateness = { kind: 'overdue', since: '2024-12-02', workingDays: 2, figures: { deadline: '2024-12-02' } };
    await raise(seeded.id, 'urge', late);
    await raise(seeded.id, 'urge', extended);
    const before = await partition(seeded.id);

    // Act: a stale decision, for the first period again.
    const outcome = await raise(seeded.id, 'urge', late);

    // Assess
    expect(outcome).toBe('already_raised');
    expect(await partition(seeded.id)).toEqual(before);
    expect((await realGetTaskForChange(seeded.id))!.task).toMatchObject({ version: 3, escalation: { period: 'overdue:2024-12-02' } });
  });

  it('never climbs down within a period: a lower level than the one recorded is already_raised', async () => {
    // Prepare
    const seeded = await seed('raise-lower');
    const { lateness: late } = lateOn(seeded);
    await raise(seeded.id, 'supervise', late);

    // Act
    const outcome = await raise(seeded.id, 'urge', late);

    // Assess
    expect(outcome).toBe('already_raised');
    expect((await escalationsOfTask(seeded.id)).map((e) => e.level)).toEqual(['supervise']);
    expect((await realGetTaskForChange(seeded.id))!.task.escalation?.level).toBe('supervise');
  });

  it('raises a level once when two chase runs raise it at the same time', async () => {
    // Prepare
    const seeded = await Promise.all(['longshan', 'zhangqi', 'guanhaiwei'].map((unitId) => seed('raise-race', { unitId })));

    // Act
    const outcomes = await Promise.all(
      seeded.flatMap((t) => {
        const { lateness: late, level } = lateOn(t);
        return [raise(t.id, level, late), raise(t.id, level, late)];
      }),
    );

    // Assess
    for (const [index, t] of seeded.entries()) {
      expect(outcomes.slice(index * 2, index * 2 + 2).sort()).toEqual(['already_raised', 'raised']);
      const items = await partition(t.id);
      expect(items.filter((item) => item.entity === 'escalation')).toHaveLength(1);
      expect(items.filter((item) => item.entity === 'taskEvent')).toHaveLength(1);
      expect(items.find((item) => item.entity === 'task')).toMatchObject({ version: 2, escalation: { level: 'urge' } });
      expect(await chainProblems(t.id)).toEqual([]);
    }
  });

  it('reads again and lands when a unit reports between the chase’s read and its write, keeping the report', async () => {
    // Prepare
    const seeded = await seed('raise-interleaved');
    const { lateness: late, level } = lateOn(seeded);
    vi.mocked(getTaskForChange).mockImplementationOnce(async (taskId) => {
      const read = await realGetTaskForChange(taskId);
      await report(taskId, 3);
      return read;
    });

    // Act
    const outcome = await raise(seeded.id, level, late);

    // Assess
    expect(outcome).toBe('raised');
    expect(vi.mocked(getTaskForChange)).toHaveBeenCalledTimes(2);
    const events = await history(seeded.id);
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [2, 'progress_reported'],
      [3, 'escalated'],
    ]);
    expect((await realGetTaskForChange(seeded.id))!.task).toMatchObject({
      version: 3,
      status: 'in_progress',
      progress: { done: 3 },
      escalation: { level: 'urge', period: 'overdue:2024-11-30' },
    });
    expect(await chainProblems(seeded.id)).toEqual([]);
  });

  it('answers busy after three reads each overtaken by a report, writing nothing of its own', async () => {
    // Prepare
    const seeded = await seed('raise-busy');
    const { lateness: late, level } = lateOn(seeded);
    let done = 0;
    vi.mocked(getTaskForChange).mockImplementation(async (taskId) => {
      const read = await realGetTaskForChange(taskId);
      await report(taskId, ++done);
      return read;
    });

    // Act
    const outcome = await raise(seeded.id, level, late);

    // Assess
    expect(outcome).toBe('busy');
    const items = await partition(seeded.id);
    expect(items.filter((item) => item.entity === 'escalation')).toEqual([]);
    expect((await history(seeded.id)).map((e) => [e.type, (e.to as { progress: { done: number } }).progress.done])).toEqual([
      ['progress_reported', 1],
      ['progress_reported', 2],
      ['progress_reported', 3],
    ]);
    expect((await realGetTaskForChange(seeded.id))!.task.escalation).toBeUndefined();
    expect(await chainProblems(seeded.id)).toEqual([]);
  });

  it('raced by ten reports, lands or answers busy, and loses no report', async () => {
    // Prepare
    const seeded = await seed('raise-ten-reports');
    const { lateness: late, level } = lateOn(seeded);

    // Act
    const [outcome, ...reports] = await Promise.all([
      raise(seeded.id, level, late),
      ...Array.from({ length: 10 }, (_, i) => reportUntilLanded(seeded.id, i + 1)),
    ]);

    // Assess
    expect(['raised', 'busy']).toContain(outcome);
    const events = await history(seeded.id);
    const reported = events.filter((e) => e.type === 'progress_reported').map((e) => (e.to as { progress: { done: number } }).progress.done);
    expect(reported.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.filter((e) => e.type === 'escalated')).toHaveLength(outcome === 'raised' ? 1 : 0);
    const items = await partition(seeded.id);
    expect(items.filter((item) => item.entity === 'escalation')).toHaveLength(outcome === 'raised' ? 1 : 0);
    const stored = (await realGetTaskForChange(seeded.id))!.task;
    expect(stored.version).toBe(1 + events.length);
    expect(stored.progress?.done).toBe(reports.reduce((last, r) => (r.task.version > last.task.version ? r : last)).task.progress?.done);
    expect(stored.escalation === undefined).toBe(outcome === 'busy');
    expect(await chainProblems(seeded.id)).toEqual([]);
  });

  it.each([
    ['closed', 'not_late_anymore'],
    ['closeout_requested', 'not_late_anymore'],
    ['withdrawn', 'not_late_anymore'],
  ] as const)('answers %s tasks %s, writing nothing', async (status, expected) => {
    // Prepare
    const seeded = await seed(`raise-${status.replace('_', '-')}`, { status });
    const before = await partition(seeded.id);

    // Act
    const outcome = await raise(seeded.id, 'urge', lateOn({ ...seeded, status: 'in_progress' }).lateness);

    // Assess
    expect(outcome).toBe(expected);
    expect(await partition(seeded.id)).toEqual(before);
  });

  it('answers gone for a task that does not exist', async () => {
    // Act
    const outcome = await raise('no-plan.vocs.longshan', 'urge', { kind: 'overdue', since: '2024-11-30', workingDays: 3, figures: { deadline: '2024-11-30' } });

    // Assess
    expect(outcome).toBe('gone');
    expect(await partition('no-plan.vocs.longshan')).toEqual([]);
  });
});

describe('escalationsOfDay', () => {
  it('returns every escalation of the day, each unit’s together, and none of another day', async () => {
    // Prepare: three towns with two tasks each; one task escalated the day after.
    const day = '2024-12-03';
    const towns = ['zhangqi', 'longshan', 'guanhaiwei'];
    const seeded = await Promise.all(
      towns.flatMap((unitId) => [
        seed('digest', { unitId }),
        seed('digest', { unitId, goalId: 'pm25', kind: 'indicator', title: 'PM2.5 年均浓度', target: 29, direction: 'at_most', deadline: '2024-11-22' }),
      ]),
    );
    for (const t of seeded) {
      const { lateness: late, level } = lateOn(t, day);
      expect(await raise(t.id, level, late, day)).toBe('raised');
    }
    const other = await seed('digest-next-day');
    await raise(other.id, 'urge', lateOn(other, '2024-12-09').lateness, '2024-12-09');

    // Act
    const escalations = await escalationsOfDay(day);

    // Assess
    expect(escalations).toHaveLength(6);
    expect(escalations.map((e) => e.unitId)).toEqual(['guanhaiwei', 'guanhaiwei', 'longshan', 'longshan', 'zhangqi', 'zhangqi']);
    expect(escalations.map((e) => [e.taskId, e.level, e.period])).toEqual(
      ['guanhaiwei', 'longshan', 'zhangqi'].flatMap((unitId) => [
        [`digest.pm25.${unitId}`, 'supervise', 'overdue:2024-11-22'],
        [`digest.vocs.${unitId}`, 'urge', 'overdue:2024-11-30'],
      ]),
    );
    expect(escalations.every((e) => e.date === day && e.planId === 'digest')).toBe(true);
    expect((await escalationsOfDay('2024-12-09')).map((e) => e.taskId)).toEqual([other.id]);
    expect(await escalationsOfDay('2024-12-02')).toEqual([]);
  });
});
