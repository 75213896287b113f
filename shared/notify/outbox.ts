import type { Clock } from '../clock/clock.js';
import { putNotificationOnce } from '../store/inbox-repo.js';
import { mapWithConcurrency } from '../store/pool.js';
import type { UnitChanges } from '../store/breakdowns-repo.js';
import { breakdownMessage } from './breakdown-message.js';

/** Notifications written at once: enough to be quick, few enough not to throttle a unit-heavy plan. */
const CONCURRENCY = 8;

export interface BreakdownNotice {
  planId: string;
  planName: string;
  revision: number;
  executionId: string;
  /** The run's start: with the execution id it makes the notification's key the same on every retry. */
  startedAt: string;
  changes: ReadonlyMap<string, UnitChanges>;
}

/**
 * Writes one outbox notification per changed unit (the outbox relay or the dashboard delivers it). The
 * key is deterministic and the put conditional, so a retried step never notifies a unit twice.
 * Answers how many units now have the notification, whether this attempt or an earlier one wrote it.
 */
export async function notifyUnits(notice: BreakdownNotice, clock: Clock): Promise<{ notified: number }> {
  const notificationId = `breakdown-${notice.executionId}`;
  const at = new Date(notice.startedAt).toISOString();
  const createdAt = clock.now().toISOString();
  await mapWithConcurrency([...notice.changes], CONCURRENCY, ([unitId, counts]) =>
    putNotificationOnce(
      {
        notificationId,
        unitId,
        kind: 'breakdown',
        ...breakdownMessage({ name: notice.planName, revision: notice.revision }, counts),
        planId: notice.planId,
        revision: notice.revision,
        executionId: notice.executionId,
        counts: { ...counts },
        read: false,
        createdAt,
      },
      at,
    ),
  );
  return { notified: notice.changes.size };
}
