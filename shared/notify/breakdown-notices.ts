import type { Clock } from '../clock/clock.js';
import { changedUnitsOf } from '../store/breakdowns-repo.js';
import { getPlanSummary } from '../store/plans-repo.js';
import { notifyUnits } from './outbox.js';

/** NotifyUnits: every unit whose tasks the run created, revised or withdrew gets one notification. */
export async function notifyRunUnits(
  input: { planId: string; revision: number; executionId: string; startedAt: string },
  clock: Clock,
): Promise<{ notified: number }> {
  const [changes, summary] = await Promise.all([changedUnitsOf(input.planId, input.executionId), getPlanSummary(input.planId)]);
  return notifyUnits({ ...input, planName: summary?.name ?? input.planId, changes }, clock);
}
