import type { TaskEscalation, TaskStatus } from '../task.js';
import type { TaskEvent } from '../task-event.js';
import type { LedgerEntry } from './types.js';

/** The events the assessment scores on: everything else a task goes through leaves no line item. */
export const ledgerEventTypes: readonly LedgerEntry['type'][] = ['escalated', 'closeout_requested', 'task_closed', 'closeout_accepted', 'task_reopened'];

/**
 * What the ledger reads of an event: a close-out request also records the as-of date of the report it rests
 * on; a close-out, acceptance or close the day it counts for, when its caller named one (`on`).
 */
export type LedgedEvent = Pick<TaskEvent, 'type' | 'version' | 'at' | 'to'> & { reportedAsOf?: unknown; on?: unknown };

const isLedgerType = (type: string): type is LedgerEntry['type'] => (ledgerEventTypes as readonly string[]).includes(type);

/**
 * The ledger entry of a task event, or undefined for an event the assessment ignores: what the task item
 * keeps of it (the level and period of an escalation, the status a close-out acceptance moved to).
 */
export function ledgerEntryOf(event: LedgedEvent): LedgerEntry | undefined {
  if (!isLedgerType(event.type)) return undefined;
  const entry: LedgerEntry = { v: event.version, type: event.type, at: event.at };
  if (event.type === 'escalated') {
    const escalation = event.to.escalation as TaskEscalation | undefined;
    if (escalation) Object.assign(entry, { level: escalation.level, period: escalation.period });
  }
  if (event.type === 'closeout_accepted' && typeof event.to.status === 'string') entry.to = event.to.status as TaskStatus;
  if (event.type === 'closeout_requested' && typeof event.reportedAsOf === 'string') entry.asOf = event.reportedAsOf;
  if (typeof event.on === 'string') entry.on = event.on;
  return entry;
}

/** A task's ledger from its events (a task older than the ledger), oldest first. */
export function ledgerOfEvents(events: readonly LedgedEvent[]): LedgerEntry[] {
  return [...events]
    .sort((a, b) => a.version - b.version)
    .flatMap((event) => {
      const entry = ledgerEntryOf(event);
      return entry ? [entry] : [];
    });
}
