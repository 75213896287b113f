import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { lateness, levelReached } from '../../../shared/domain/lateness.js';
import type { Task, TaskStatus } from '../../../shared/domain/task.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { useTestTable } from '../../support/test-table.js';
import { putTasks, task } from '../functions/fixtures.js';

// raiseEscalation on the task as the chase page read it (`current`): no read of its own when that read is
// still the stored version; a consistent read, and the right outcome, when it is not.

vi.mock('../../../shared/store/task-changes.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../shared/store/task-changes.js')>();
  return { ...actual, getTaskForChange: vi.fn(actual.getTaskForChange) };
});

const tableName = await useTestTable();
const { raiseEscalation } = await import('../../../shared/store/escalations.js');
const { commitTaskChange, getTaskForChange } = await import('../../../shared/store/task-changes.js');
const realGetTaskForChange = (await vi.importActual<typeof import('../../../shared/store/task-changes.js')>('../../../shared/store/task-changes.js')).getTaskForChange;

afterEach(() => vi.mocked(getTaskForChange).mockClear());

/** The fixture tasks' deadline is Saturday 2024-11-30: on Wednesday 2024-12-04 they are 3 working days overdue (催办). */
const DAY = '2024-12-04';
const AT = `${DAY}T01:00:00.000Z`;
const calendar = calendarForYears([2024]);

async function seeded(planId: string): Promise<Task> {
  const seeded = task({ planId, goalId: 'vocs', unitId: 'longshan' });
  await putTasks(tableName, [seeded]);
  return seeded;
}

async function raiseOn(current: Awaited<ReturnType<typeof realGetTaskForChange>>) {
  const late = lateness(current!.task, DAY, calendar, defaultTracking)!;
  const level = levelReached(late, defaultTracking.ladder)!;
  return raiseEscalation({ taskId: current!.task.id, level, lateness: late, date: DAY, by: `chase:${DAY}`, at: AT, tracking: defaultTracking, current: current! });
}

async function change(taskId: string, changes: Partial<Task>) {
  const current = (await realGetTaskForChange(taskId))!;
  return commitTaskChange({
    current,
    changes,
    event: { type: 'progress_reported', from: {}, to: changes },
    by: 'unit:longshan',
    at: AT,
    tracking: defaultTracking,
  });
}

describe('raiseEscalation on the task as read', () => {
  it('writes without reading the task again when the read is current', async () => {
    // Prepare
    const { id } = await seeded('as-read-current');
    const read = await realGetTaskForChange(id);

    // Act
    const outcome = await raiseOn(read);

    // Assess
    expect(outcome).toBe('raised');
    expect(vi.mocked(getTaskForChange)).not.toHaveBeenCalled();
    expect((await realGetTaskForChange(id))!.task).toMatchObject({ version: 2, escalation: { level: 'urge', period: 'overdue:2024-11-30', date: DAY } });
  });

  it('reads consistently and keeps the report when a report landed after the page’s read', async () => {
    // Prepare
    const { id } = await seeded('as-read-stale');
    const read = await realGetTaskForChange(id);
    const progress = { asOf: '2024-12-03', done: 3, reportedBy: 'unit:longshan', reportedAt: AT };
    await change(id, { progress, status: 'in_progress' satisfies TaskStatus });

    // Act
    const outcome = await raiseOn(read);

    // Assess
    expect(outcome).toBe('raised');
    expect(vi.mocked(getTaskForChange)).toHaveBeenCalled();
    expect((await realGetTaskForChange(id))!.task).toMatchObject({ version: 3, progress, escalation: { level: 'urge' } });
  });

  it('answers not_late_anymore when the task left the chase after the page’s read', async () => {
    // Prepare
    const { id } = await seeded('as-read-closed');
    const read = await realGetTaskForChange(id);
    await change(id, { status: 'closeout_requested' satisfies TaskStatus });

    // Act
    const outcome = await raiseOn(read);

    // Assess
    expect(outcome).toBe('not_late_anymore');
    expect((await realGetTaskForChange(id))!.task.escalation).toBeUndefined();
  });
});
