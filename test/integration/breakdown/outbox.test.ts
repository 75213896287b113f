import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { useTestTable } from '../../support/test-table.js';

const tableName = await useTestTable();
const { notifyUnits } = await import('../../../shared/notify/outbox.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');

const inboxOf = async (unitId: string) =>
  (
    await dynamo().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.inboxPartition(unitId) },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('notifyUnits', () => {
  it('puts one notification in the inbox of each changed unit, once however often it is retried', async () => {
    // Prepare
    const notice = {
      planId: 'cixi-2026',
      planName: '慈溪市 2026 年生态环境目标',
      revision: 2,
      executionId: 'exec-1',
      startedAt: '2026-01-06T10:00:00+08:00',
      changes: new Map([
        ['hushan', { created: 2, updated: 1, withdrawn: 0 }],
        ['zhouxiang', { created: 0, updated: 0, withdrawn: 1 }],
      ]),
    };

    // Act
    const first = await notifyUnits(notice, fixedClock('2026-01-06T10:01:00+08:00'));
    const retried = await notifyUnits(notice, fixedClock('2026-01-06T10:05:00+08:00'));

    // Assess
    expect(first).toEqual({ notified: 2 });
    expect(retried).toEqual({ notified: 2 });
    const hushan = await inboxOf('hushan');
    expect(hushan).toEqual([
      {
        ...keys.notification('hushan', '2026-01-06T02:00:00.000Z', 'breakdown-exec-1'),
        entity: 'notification',
        notificationId: 'breakdown-exec-1',
        unitId: 'hushan',
        kind: 'breakdown',
        title: '2 new tasks, 1 revised in plan 慈溪市 2026 年生态环境目标 / 计划「慈溪市 2026 年生态环境目标」新增任务 2 项、调整 1 项',
        body: expect.stringContaining('Revision 2'),
        planId: 'cixi-2026',
        revision: 2,
        executionId: 'exec-1',
        counts: { created: 2, updated: 1, withdrawn: 0 },
        read: false,
        createdAt: '2026-01-06T02:01:00.000Z',
      },
    ]);
    expect(await inboxOf('zhouxiang')).toHaveLength(1);
  });
});
