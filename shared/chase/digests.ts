import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../clock/clock.js';
import { levelLabels, type Level } from '../domain/lateness.js';
import { LEADERS_INBOX } from '../notify/inboxes.js';
import { batchGetAll } from '../store/batch.js';
import { dynamo } from '../store/client.js';
import { type Escalation, escalationsOfDay } from '../store/escalations.js';
import { retryableOnTransient } from '../store/faults.js';
import { keys } from '../store/keys.js';
import { notificationItem, type Notification } from '../store/notification-items.js';
import { mapWithConcurrency } from '../store/pool.js';
import { tableName } from '../store/table.js';

/*
 * The chase's digests (issue 4): one notification per unit with escalations on the chase day, never one
 * per task, and one for the leaders listing the day's 通报 and 约谈. Each is a conditional put on a key
 * that depends only on the day (`chase-<date>`, placed at 09:00 Asia/Shanghai of the day), so a re-run or
 * a retried step sends nothing twice.
 */

/** Notifications written at once. */
const CONCURRENCY = 8;

/** The levels the leaders hear about. */
const leadersLevels: readonly Level[] = ['notice', 'summon'];

export interface DigestsDeps {
  clock?: Clock;
}

/**
 * Sends the day's digests; answers how many notifications the day has (units plus the leaders' digest),
 * whether this call or an earlier one wrote them.
 */
export async function sendDigests(date: string, deps: DigestsDeps = {}): Promise<{ notified: number }> {
  const clock = deps.clock ?? systemClock;
  return retryableOnTransient(async () => {
    const escalations = await escalationsOfDay(date);
    if (escalations.length === 0) return { notified: 0 };
    const titles = await taskTitles(escalations.map((escalation) => escalation.taskId));
    const byUnit = new Map<string, Escalation[]>();
    for (const escalation of escalations) byUnit.set(escalation.unitId, [...(byUnit.get(escalation.unitId) ?? []), escalation]);
    const createdAt = clock.now().toISOString();
    const digests: Notification[] = [...byUnit].map(([unitId, ofUnit]) => ({
      notificationId: `chase-${date}`,
      unitId,
      kind: 'chase',
      ...unitMessage(date, ofUnit, titles),
      planId: ofUnit[0]!.planId,
      counts: countsOf(ofUnit),
      read: false,
      createdAt,
    }));
    const forLeaders = escalations.filter((escalation) => leadersLevels.includes(escalation.level));
    if (forLeaders.length > 0)
      digests.push({
        notificationId: `chase-${date}`,
        unitId: LEADERS_INBOX,
        kind: 'chase',
        ...leadersMessage(date, forLeaders, titles),
        planId: forLeaders[0]!.planId,
        counts: countsOf(forLeaders),
        read: false,
        createdAt,
      });
    const at = `${date}T01:00:00.000Z`;
    await mapWithConcurrency(digests, CONCURRENCY, async (digest) => {
      try {
        await dynamo().send(
          new PutCommand({ TableName: tableName(), Item: notificationItem(digest, at), ConditionExpression: 'attribute_not_exists(pk)' }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    });
    return { notified: digests.length };
  });
}

async function taskTitles(taskIds: readonly string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(
    taskIds.map((taskId) => keys.task(taskId)),
    { projection: ['id', 'title'] },
  );
  return new Map(items.map((item) => [item.id as string, item.title as string]));
}

function countsOf(escalations: readonly Escalation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const escalation of escalations) counts[escalation.level] = (counts[escalation.level] ?? 0) + 1;
  return counts;
}

/** `- 轴承企业… (cixi-2022.bearing-upgrade.hushan): 通报 / notice, overdue since 2022-09-30, 11 working days` */
function lines(escalations: readonly Escalation[], titles: ReadonlyMap<string, string>, withUnit = false): string {
  return escalations
    .map((escalation) => {
      const days = `${escalation.workingDays} working day${escalation.workingDays === 1 ? '' : 's'}${escalation.kind === 'due_soon' ? ' left' : ''}`;
      const unit = withUnit ? `[${escalation.unitId}] ` : '';
      return `- ${unit}${titles.get(escalation.taskId) ?? escalation.taskId} (${escalation.taskId}): ${levelLabels[escalation.level]} / ${escalation.level}, ${escalation.kind} since ${escalation.since}, ${days}`;
    })
    .join('\n');
}

const plural = (n: number) => `${n} task${n === 1 ? '' : 's'}`;

function unitMessage(date: string, escalations: readonly Escalation[], titles: ReadonlyMap<string, string>) {
  const n = escalations.length;
  return {
    title: `${plural(n)} escalated on ${date} / ${date} 督查提醒：${n} 项任务升级`,
    body:
      `The chase of ${date} escalated ${plural(n)} of yours: / ${date} 督查，贵单位以下 ${n} 项任务升级：\n` +
      lines(escalations, titles),
  };
}

function leadersMessage(date: string, escalations: readonly Escalation[], titles: ReadonlyMap<string, string>) {
  const noticed = escalations.filter((escalation) => escalation.level === 'notice').length;
  const summoned = escalations.filter((escalation) => escalation.level === 'summon').length;
  return {
    title: `${date}: ${noticed} to publish (通报), ${summoned} to summon (约谈) / ${date} 通报 ${noticed} 项、约谈 ${summoned} 项`,
    body:
      `Tasks that reached 通报 or 约谈 on ${date}: / ${date} 升级至通报、约谈的任务：\n` + lines(escalations, titles, true),
  };
}
