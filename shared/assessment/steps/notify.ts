import type { Clock } from '../../clock/clock.js';
import { gradeLabels } from '../../domain/assessment/labels.js';
import { NotFound } from '../../domain/errors.js';
import { LEADERS_INBOX } from '../../notify/inboxes.js';
import { getPublished, getRanking } from '../../store/assessment-runs.js';
import { retryableOnTransient } from '../../store/faults.js';
import { putNotificationOnce } from '../../store/inbox-repo.js';
import type { Notification } from '../../store/notification-items.js';
import { mapWithConcurrency } from '../../store/pool.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

/** Notifications written at once. */
const NOTIFY_CONCURRENCY = 8;

/**
 * One notification per unit (`assessment-<year>-r<revision>`, its total, grade and rank) and one for the
 * leaders; dated by the publication, put if absent, so a retried step notifies nobody twice. `{ notified }`.
 */
export async function notifyRun(year: number, runId: string, revision: number, clock: Clock): Promise<{ notified: number }> {
  return retryableOnTransient(async () => {
    const [published, ranking] = await Promise.all([getPublished(year), getRanking(year, runId)]);
    if (!published || published.runId !== runId || !ranking) {
      throw new NotFound(`run ${runId} of ${year} is not the published one`, `考核运行 ${runId} 不是已发布的结果`);
    }
    const notificationId = `assessment-${year}-r${revision}`;
    const createdAt = clock.now().toISOString();
    const base = { notificationId, kind: 'assessment', planId: '', revision, read: false, createdAt } as const;
    const groupSizes = new Map<string, number>();
    for (const unit of ranking) groupSizes.set(unit.group, (groupSizes.get(unit.group) ?? 0) + 1);
    const notes: Notification[] = ranking.map((unit) => ({
      ...base,
      unitId: unit.unitId,
      title: `${year} year-end assessment: rank ${unit.rank} / ${year} 年度考核：${unit.groupName}第 ${unit.rank} 名`,
      body:
        `${unit.unitName}: total ${unit.total.toFixed(2)}, grade ${gradeLabels[unit.grade].en}, rank ${unit.rank} of ${groupSizes.get(unit.group)} (${unit.groupName}). ` +
        `Appeals until ${published.appealsUntil}. / ${unit.unitName}：总分 ${unit.total.toFixed(2)}，等级 ${gradeLabels[unit.grade].zh}，` +
        `${unit.groupName}第 ${unit.rank} 名（共 ${groupSizes.get(unit.group)} 个单位）。申诉截止 ${published.appealsUntil}。`,
    }));
    const counts = { excellent: 0, good: 0, pass: 0, fail: 0 };
    for (const unit of ranking) counts[unit.grade]++;
    notes.push({
      ...base,
      unitId: LEADERS_INBOX,
      title: `${year} year-end assessment published (revision ${revision}) / ${year} 年度考核结果已发布（第 ${revision} 版）`,
      body:
        `${ranking.length} units: ${counts.excellent} excellent, ${counts.good} good, ${counts.pass} pass, ${counts.fail} fail. / ` +
        `共 ${ranking.length} 个单位：优秀 ${counts.excellent}，良好 ${counts.good}，合格 ${counts.pass}，不合格 ${counts.fail}。`,
      counts,
    });
    await mapWithConcurrency(notes, NOTIFY_CONCURRENCY, (note) => putNotificationOnce(note, published.publishedAt));
    return { notified: notes.length };
  });
}
