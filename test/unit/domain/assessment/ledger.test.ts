import { describe, expect, it } from 'vitest';
import { ledgerEntryOf, ledgerOfEvents } from '../../../../shared/domain/assessment/ledger.js';
import type { TaskEvent } from '../../../../shared/domain/task-event.js';

const taskId = 'cixi-2022.soil-source-analysis.eco-bureau';

function taskEvent(version: number, type: TaskEvent['type'], to: Record<string, unknown>, from: Record<string, unknown> = {}): TaskEvent {
  return { taskId, type, at: `2022-07-${String(version).padStart(2, '0')}T01:00:00.000Z`, by: 'chase:2022-07', version, from, to };
}

describe('ledgerEntryOf', () => {
  it('keeps of an escalation its level and period (the event\'s to.escalation), not its reason or figures', () => {
    // Prepare
    const escalated = {
      ...taskEvent(5, 'escalated', { escalation: { level: 'notice', period: 'behind:2022-06-30', date: '2022-07-15', page: 'run-1:0:0' } }),
      reason: '落后序时进度 12 个工作日 / 12 working days behind schedule',
      kind: 'behind',
      since: '2022-06-30',
      workingDays: 12,
      figures: { expectedShare: 0.4, actualShare: 0.1 },
    };

    // Act / Assess
    expect(ledgerEntryOf(escalated)).toEqual({ v: 5, type: 'escalated', at: '2022-07-05T01:00:00.000Z', level: 'notice', period: 'behind:2022-06-30' });
  });

  it('keeps of a close-out acceptance the status it moved to, and of requests, closes and re-opens when they were', () => {
    // Act / Assess
    expect(ledgerEntryOf(taskEvent(7, 'closeout_accepted', { status: 'closed' }, { status: 'closeout_requested' }))).toEqual({
      v: 7,
      type: 'closeout_accepted',
      at: '2022-07-07T01:00:00.000Z',
      to: 'closed',
    });
    expect(ledgerEntryOf(taskEvent(6, 'closeout_requested', { status: 'closeout_requested' }))).toEqual({
      v: 6,
      type: 'closeout_requested',
      at: '2022-07-06T01:00:00.000Z',
    });
    expect(ledgerEntryOf(taskEvent(8, 'task_closed', { status: 'closed' }))).toMatchObject({ v: 8, type: 'task_closed' });
    expect(ledgerEntryOf(taskEvent(9, 'task_reopened', { status: 'in_progress', rebounds: 1 }))).toMatchObject({ v: 9, type: 'task_reopened' });
  });

  it('keeps of a close-out request the as-of date of the report it rests on', () => {
    // Prepare
    const request = { ...taskEvent(6, 'closeout_requested', { status: 'closeout_requested' }), reportedAsOf: '2022-06-28' };

    // Act / Assess
    expect(ledgerEntryOf(request)).toEqual({ v: 6, type: 'closeout_requested', at: '2022-07-06T01:00:00.000Z', asOf: '2022-06-28' });
  });

  it('keeps of a close-out, acceptance or close the day its caller named (a simulated year\'s), beside the instant it was recorded', () => {
    // Prepare
    const request = { ...taskEvent(6, 'closeout_requested', { status: 'closeout_requested' }), reportedAsOf: '2022-06-28', on: '2022-06-29' };
    const close = { ...taskEvent(8, 'task_closed', { status: 'closed' }), on: '2022-07-04' };

    // Act / Assess
    expect(ledgerEntryOf(request)).toEqual({ v: 6, type: 'closeout_requested', at: '2022-07-06T01:00:00.000Z', asOf: '2022-06-28', on: '2022-06-29' });
    expect(ledgerEntryOf(close)).toEqual({ v: 8, type: 'task_closed', at: '2022-07-08T01:00:00.000Z', on: '2022-07-04' });
  });

  it('ignores what scores nothing: progress, rejections, extensions, revisions', () => {
    // Act / Assess
    for (const type of ['progress_reported', 'closeout_rejected', 'extension_approved', 'target_revised', 'task_withdrawn'] as const)
      expect(ledgerEntryOf(taskEvent(3, type, { status: 'in_progress' }))).toBeUndefined();
  });
});

describe('ledgerOfEvents', () => {
  it('is the ledger of a task older than the ledger, oldest first', () => {
    // Prepare
    const events = [
      taskEvent(4, 'task_closed', { status: 'closed' }),
      taskEvent(1, 'progress_reported', { progress: { done: 10 } }),
      taskEvent(3, 'closeout_accepted', { status: 'accepted' }),
      taskEvent(2, 'closeout_requested', { status: 'closeout_requested' }),
    ];

    // Act
    const ledger = ledgerOfEvents(events);

    // Assess
    expect(ledger.map((entry) => `${entry.v} ${entry.type}${entry.to ? ` ${entry.to}` : ''}`)).toEqual([
      '2 closeout_requested',
      '3 closeout_accepted accepted',
      '4 task_closed',
    ]);
  });
});
