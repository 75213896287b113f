import { describe, expect, it } from 'vitest';
import { chainEvent, genesisHash, type StoredEvent } from '../../../shared/domain/audit-chain.js';
import { chainHeadOf } from '../../../shared/domain/audit-checkpoint.js';
import { auditTask, type AuditContext, type StoredTaskRecord } from '../../../shared/domain/audit-task.js';
import type { Task } from '../../../shared/domain/task.js';
import type { TaskEvent } from '../../../shared/domain/task-event.js';

const taskId = 'cixi-2022.vocs-projects.hushan';
const slotOf = (event: Pick<TaskEvent, 'at' | 'version'>) => `EVENT#${event.at}#${String(event.version).padStart(6, '0')}`;
const context: AuditContext = { slotOf };

/** A task whose target the breakdown revised at versions 2…5 (5 → 6 → … → 9), its events where the store puts them. */
function revised(): StoredTaskRecord {
  const events: StoredEvent[] = [];
  let prevHash = genesisHash(taskId);
  for (let version = 2; version <= 5; version++) {
    const event = chainEvent(
      { taskId, type: 'target_revised', at: `2022-0${version}-01T02:00:00.000Z`, by: 'breakdown:exec', version, from: { target: version + 3 }, to: { target: version + 4 } } satisfies TaskEvent,
      prevHash,
    );
    events.push({ ...event, sk: slotOf(event) });
    prevHash = event.hash;
  }
  const task = {
    id: taskId,
    status: 'assigned',
    progress: null,
    target: 9,
    version: 5,
    createdAt: '2022-01-05T02:00:00.000Z',
    updatedAt: events.at(-1)!.at,
  } as Task;
  return { task, head: { version: 5, hash: events.at(-1)!.hash }, events };
}

describe('auditTask', () => {
  it('finds nothing wrong with a history as the store writes it, nor against a checkpoint of it', () => {
    // Prepare
    const record = revised();
    const recorded = chainHeadOf(taskId, 4, { version: 4, hash: record.events[2]!.hash });

    // Assess
    expect(auditTask(record, context)).toEqual([]);
    expect(auditTask(record, { ...context, checkpoint: { at: '2022-04-02T00:00:00.000Z', recorded } })).toEqual([]);
  });

  it('names both events whose contents were swapped between their slots as out of order, and nothing else', () => {
    // Prepare
    const record = revised();
    const [v2, v3, v4, v5] = record.events as [StoredEvent, StoredEvent, StoredEvent, StoredEvent];
    const swapped = [v2, { ...v4, sk: v3.sk }, { ...v3, sk: v4.sk }, v5];

    // Act
    const problems = auditTask({ ...record, events: swapped }, context);

    // Assess
    expect(problems.map(({ problem, version, sk }) => ({ problem, version, sk }))).toEqual([
      { problem: 'out_of_order', version: 3, sk: v4.sk },
      { problem: 'out_of_order', version: 4, sk: v3.sk },
    ]);
    expect(problems[0]!.message).toContain(v3.sk!);
    expect(problems[0]!.messageZh).toContain('错乱');
  });

  it('does not name an event the chain found altered a second time for being out of its slot', () => {
    // Prepare: version 3's version changed in place.
    const record = revised();
    const events = record.events.map((event) => (event.version === 3 ? { ...event, version: 9 } : event));

    // Act
    const problems = auditTask({ ...record, events }, context);

    // Assess
    expect(problems.filter((p) => p.sk === record.events[1]!.sk).map((p) => p.problem)).toEqual(['altered']);
  });

  it('names a task edited without an event once, at its version, with every differing field', () => {
    // Prepare
    const record = revised();
    const task = { ...record.task, status: 'closed', progress: { asOf: '2022-06-30', done: 999999, reportedBy: 'x', reportedAt: 'y' } } as Task;

    // Act
    const problems = auditTask({ ...record, task }, context);

    // Assess
    expect(problems).toEqual([
      {
        taskId,
        version: 5,
        problem: 'state_mismatch',
        fields: [
          { field: 'status', stored: 'closed', events: 'assigned' },
          { field: 'progress', stored: task.progress, events: null },
        ],
        message: expect.stringContaining('status is "closed" where its events make it "assigned"'),
        messageZh: expect.stringContaining('状态与其事件不符'),
      },
    ]);
  });

  it('adds what the checkpoint shows, in version order with the rest', () => {
    // Prepare: the newest event removed, the head and version rolled back, after a checkpoint at version 5.
    const record = revised();
    const recorded = chainHeadOf(taskId, 5, record.head);
    const rolledBack: StoredTaskRecord = {
      task: { ...record.task, version: 4, target: 8, updatedAt: record.events[2]!.at },
      head: { version: 4, hash: record.events[2]!.hash },
      events: record.events.slice(0, 3),
    };

    // Act
    const problems = auditTask(rolledBack, { ...context, checkpoint: { at: '2022-05-02T00:00:00.000Z', recorded } });

    // Assess
    expect(problems.map(({ problem, version }) => ({ problem, version }))).toEqual([{ problem: 'behind_checkpoint', version: 5 }]);
  });
});
