import { systemClock, type Clock } from '../clock/clock.js';
import { levelLabels, type Level } from '../domain/lateness.js';
import { LEADERS_INBOX } from '../notify/inboxes.js';
import { batchGetAll } from '../store/batch.js';
import { type Escalation, escalationsOfDay } from '../store/escalations.js';
import { retryableOnTransient } from '../store/faults.js';
import { keys } from '../store/keys.js';
import { putNotificationOnce } from '../store/inbox-repo.js';
import type { Notification } from '../store/notification-items.js';
import { mapWithConcurrency } from '../store/pool.js';

/*
 * The chase's digests: one notification per unit with escalations on the chase day, never one
 * per task, and one for the leaders listing the day's 通报 and 约谈. Each is a conditional put on a key
 * that depends only on the day (`chase-<date>`, placed at 09:00 Asia/Shanghai of the day), so a re-run or
 * a retried step sends nothing twice. On the first working day of a month the leaders' digest is sent even
 * without 通报 or 约谈: it links the monthly bulletin published that morning (`GET /bulletins/<month>`).
 */

/** Notifications written at once. */
const CONCURRENCY = 8;

/** The levels the leaders hear about. */
const leadersLevels: readonly Level[] = ['notice', 'summon'];

export interface DigestsDeps {
  clock?: Clock;
  /** On a bulletin day: the month of the bulletin published today, which the leaders' digest links. */
  bulletinMonth?: string;
}

/**
 * Sends the day's digests; answers how many notifications the day has (units plus the leaders' digest),
 * whether this call or an earlier one wrote them.
 */
export async function sendDigests(date: string, deps: DigestsDeps = {}): Promise<{ notified: number }> {
  const clock = deps.clock ?? systemClock;
  return retryableOnTransient(async () => {
    const escalations = await escalationsOfDay(date);
    const { bulletinMonth } = deps;
    if (escalations.length === 0 && bulletinMonth === undefined) return { notified: 0 };
    // Escalations carry their task's title; only older items send the digest to the tasks for it.
    const titles = await taskTitles(escalations.filter((escalation) => escalation.title === undefined).map((escalation) => escalation.taskId));
    for (const escalation of escalations) if (escalation.title !== undefined) titles.set(escalation.taskId, escalation.title);
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
    if (forLeaders.length > 0 || bulletinMonth !== undefined)
      digests.push({
        notificationId: `chase-${date}`,
        unitId: LEADERS_INBOX,
        kind: 'chase',
        ...leadersMessage(date, forLeaders, titles, bulletinMonth),
        // A bulletin covers every plan of its year: a digest of the bulletin alone names no plan ('').
        planId: forLeaders[0]?.planId ?? '',
        counts: countsOf(forLeaders),
        read: false,
        createdAt,
      });
    const at = `${date}T01:00:00.000Z`;
    await mapWithConcurrency(digests, CONCURRENCY, (digest) => putNotificationOnce(digest, at));
    return { notified: digests.length };
  });
}

async function taskTitles(taskIds: readonly string[]): Promise<Map<string, string>> {
  if (taskIds.length === 0) return new Map();
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
/**
 * Lines listed in one digest: a notification is one item, and an item holds at most 400 KB. A line takes
 * up to ~300 bytes, so a day with thousands of 通报/约谈 would not fit; the counts stay whole.
 */
export const MAX_DIGEST_LINES = 500;

function lines(escalations: readonly Escalation[], titles: ReadonlyMap<string, string>, withUnit = false): string {
  const listed = escalations.slice(0, MAX_DIGEST_LINES);
  const more = escalations.length - listed.length;
  return listed
    .map((escalation) => {
      const days = `${escalation.workingDays} working day${escalation.workingDays === 1 ? '' : 's'}${escalation.kind === 'due_soon' ? ' left' : ''}`;
      const unit = withUnit ? `[${escalation.unitId}] ` : '';
      return `- ${unit}${titles.get(escalation.taskId) ?? escalation.taskId} (${escalation.taskId}): ${levelLabels[escalation.level]} / ${escalation.level}, ${escalation.kind} since ${escalation.since}, ${days}`;
    })
    .concat(more > 0 ? [`- … and ${plural(more)} more (GET /me/tasks?light=red lists a unit's late tasks) / 另有 ${more} 项未列出`] : [])
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

/** Where the API serves the bulletin of a month (the JSON and links to its HTML and XLSX). */
export const bulletinPath = (month: string) => `/bulletins/${month}`;

function leadersMessage(date: string, escalations: readonly Escalation[], titles: ReadonlyMap<string, string>, bulletinMonth?: string) {
  const noticed = escalations.filter((escalation) => escalation.level === 'notice').length;
  const summoned = escalations.filter((escalation) => escalation.level === 'summon').length;
  const escalated =
    escalations.length === 0
      ? []
      : [`Tasks that reached 通报 or 约谈 on ${date}: / ${date} 升级至通报、约谈的任务：\n` + lines(escalations, titles, true)];
  const bulletin =
    bulletinMonth === undefined
      ? []
      : [`The monthly bulletin of ${bulletinMonth} is published: GET ${bulletinPath(bulletinMonth)} / ${bulletinMonth} 月度通报已发布：GET ${bulletinPath(bulletinMonth)}`];
  return {
    title:
      escalations.length === 0 && bulletinMonth !== undefined
        ? `${date}: monthly bulletin ${bulletinMonth} published / ${date} ${bulletinMonth} 月度通报已发布`
        : `${date}: ${noticed} to publish (通报), ${summoned} to summon (约谈) / ${date} 通报 ${noticed} 项、约谈 ${summoned} 项`,
    body: [...escalated, ...bulletin].join('\n\n'),
  };
}
