import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { useTestTable } from '../../support/test-table.js';
import { breakDownCixi, escalationsOn } from './cixi.js';

const tableName = await useTestTable();
const { chasePage } = await import('../../../shared/chase/chase-page.js');
const { sendDigests } = await import('../../../shared/chase/digests.js');
const { OPEN_SHARDS, keys } = await import('../../../shared/store/keys.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { LEADERS_INBOX } = await import('../../../shared/notify/inboxes.js');

const DAY = '2022-10-20';
const clock = fixedClock('2022-10-20T09:00:00+08:00');

async function inbox(unitId: string) {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.inboxPartition(unitId) },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).filter((item) => item.kind === 'chase');
}

describe('sendDigests', () => {
  it('sends one notification per unit with escalations and one leaders’ digest, however often it runs', async () => {
    // Prepare
    await breakDownCixi();
    for (let shard = 0; shard < OPEN_SHARDS; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await chasePage({ year: 2022, shard, date: DAY, pageSize: 50, ...(startKey ? { startKey } : {}) }, { clock });
        startKey = page.nextKey;
      } while (startKey);
    }
    const escalations = await escalationsOn(DAY);
    const units = [...new Set(escalations.map((item) => item.unitId as string))];
    expect(units.length).toBeGreaterThan(1);

    // Act
    const first = await sendDigests(DAY, { clock });
    const second = await sendDigests(DAY, { clock: fixedClock('2022-10-20T11:00:00+08:00') });

    // Assess
    expect(first).toEqual({ notified: units.length + 1 });
    expect(second).toEqual(first);
    for (const unitId of units) {
      const notes = await inbox(unitId);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.notificationId).toBe(`chase-${DAY}`);
      const ofUnit = escalations.filter((item) => item.unitId === unitId);
      for (const item of ofUnit) expect(notes[0]!.body).toContain(item.taskId as string);
      expect(notes[0]!.title).toContain(`${ofUnit.length} 项任务升级`);
    }
    const hushan = (await inbox('hushan'))[0]!;
    expect(hushan.body).toContain('已整治喷涂企业“回头看”排查 (cixi-2022.spray-recheck.hushan): 通报 / notice');
    const leaders = await inbox(LEADERS_INBOX);
    expect(leaders).toHaveLength(1);
    expect(leaders[0]!.body).toContain('[hushan] 已整治喷涂企业“回头看”排查');
    const count = (level: string) => escalations.filter((item) => item.level === level).length;
    expect(leaders[0]!.counts).toEqual(
      Object.fromEntries((['notice', 'summon'] as const).filter((level) => count(level) > 0).map((level) => [level, count(level)])),
    );
  });

  it('sends nothing on a day without escalations', async () => {
    expect(await sendDigests('2022-10-21', { clock })).toEqual({ notified: 0 });
    expect(await inbox(LEADERS_INBOX)).toHaveLength(1);
  });

  it('sends the leaders a digest on a bulletin day even without 通报 or 约谈, linking the bulletin, once', async () => {
    // Prepare: nothing was chased on Thursday 2022-12-01, the first working day of December.
    const day = '2022-12-01';
    const digest = async () => (await inbox(LEADERS_INBOX)).filter((item) => item.notificationId === `chase-${day}`);

    // Act
    const first = await sendDigests(day, { clock, bulletinMonth: '2022-12' });
    const second = await sendDigests(day, { clock, bulletinMonth: '2022-12' });

    // Assess
    expect(first).toEqual({ notified: 1 });
    expect(second).toEqual(first);
    const notes = await digest();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      title: '2022-12-01: monthly bulletin 2022-12 published / 2022-12-01 2022-12 月度通报已发布',
      body: 'The monthly bulletin of 2022-12 is published: GET /bulletins/2022-12 / 2022-12 月度通报已发布：GET /bulletins/2022-12',
      counts: {},
    });
  });
});

describe('sendDigests on a very busy day', () => {
  it('lists at most MAX_DIGEST_LINES escalations in a digest, says how many more, and keeps the counts whole', async () => {
    // Prepare: 520 of one town's tasks reached 通报 on one day (more than any item could list).
    const { escalationOfDayItem } = await import('../../../shared/store/escalations.js');
    const { MAX_DIGEST_LINES } = await import('../../../shared/chase/digests.js');
    const { batchWriteAll } = await import('../../../shared/store/batch.js');
    const day = '2022-11-15';
    const total = MAX_DIGEST_LINES + 20;
    const escalations = Array.from({ length: total }, (_, i) => ({
      taskId: `busy-2022.goal-${String(i).padStart(4, '0')}.zonghan`,
      planId: 'busy-2022',
      unitId: 'zonghan',
      level: 'notice' as const,
      period: 'overdue:2022-10-31',
      date: day,
      kind: 'overdue' as const,
      since: '2022-10-31',
      workingDays: 11,
      figures: { deadline: '2022-10-31' },
      raisedAt: '2022-11-15T01:00:00.000Z',
      title: `宗汉街道第 ${i} 项整治任务`,
    }));
    await batchWriteAll(escalations.map((escalation) => ({ PutRequest: { Item: escalationOfDayItem(escalation) } })));

    // Act
    const sent = await sendDigests(day, { clock });

    // Assess
    expect(sent).toEqual({ notified: 2 });
    for (const unitId of ['zonghan', LEADERS_INBOX]) {
      const [digest] = (await inbox(unitId)).filter((item) => item.notificationId === `chase-${day}`);
      const listed = (digest!.body as string).split('\n').filter((line) => line.startsWith('- '));
      expect(listed, unitId).toHaveLength(MAX_DIGEST_LINES + 1);
      expect(listed.at(-1)).toBe('- … and 20 tasks more (GET /me/tasks?light=red lists a unit\'s late tasks) / 另有 20 项未列出');
      expect(digest!.counts).toEqual({ notice: total });
    }
  });
});
