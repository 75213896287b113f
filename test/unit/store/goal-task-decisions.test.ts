import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/domain/task.js';
import { decideTask, desiredTasks, revisionOf } from '../../../shared/store/goal-task-decisions.js';
import { samplePlan } from '../../support/sample-plan.js';

const plan = samplePlan();
const goal = plan.goals.find((g) => g.id === 'vocs-cleanup')!;
const [hushan] = desiredTasks(plan, goal, 2, '2026-02-01T00:00:00.000Z') as [Task];
const storedAs = (change: Partial<Task>): Task => ({ ...hushan, version: 4, status: 'in_progress', progress: { asOf: '2026-01-31', done: 1, reportedBy: 'test', reportedAt: '2026-01-31T08:00:00.000Z' }, ...change });

describe('desiredTasks', () => {
  it('builds one assigned task per allocated unit, with deterministic ids and the goal fields', () => {
    // Act
    const tasks = desiredTasks(plan, goal, 2, '2026-02-01T00:00:00.000Z');

    // Assess
    expect(tasks.map((t) => [t.id, t.target])).toEqual([
      ['cixi-2026.vocs-cleanup.hushan', 3],
      ['cixi-2026.vocs-cleanup.guanhaiwei', 6],
      ['cixi-2026.vocs-cleanup.zhouxiang', 3],
    ]);
    expect(tasks[0]).toMatchObject({ status: 'assigned', version: 1, progress: null, planRevision: 2, unitOfMeasure: '家', coUnits: [] });
    expect(tasks[0]).not.toHaveProperty('direction');
  });
});

describe('decideTask', () => {
  it('creates a task that is not stored yet', () => {
    // Act
    const decision = decideTask(hushan, undefined, 'exec');

    // Assess
    expect(decision).toEqual({ action: 'create', task: hushan });
  });

  it('leaves a task alone when only its status, progress or version differ', () => {
    // Act
    const decision = decideTask(hushan, { task: storedAs({}) }, 'exec');

    // Assess
    expect(decision).toEqual({ action: 'none', counts: 'unchanged' });
  });

  it('revises the target alone as target_revised, and anything more as task_revised', () => {
    // Act
    const target = decideTask(hushan, { task: storedAs({ target: 2 }) }, 'exec');
    const more = revisionOf(storedAs({ target: 2, title: 'old', coUnits: ['eco-bureau'] }), hushan);

    // Assess
    expect(target).toMatchObject({ action: 'revise', counts: 'updated', revision: { type: 'target_revised', from: { target: 2 }, to: { target: 3 } } });
    expect(more).toEqual({
      type: 'task_revised',
      from: { title: 'old', target: 2, coUnits: ['eco-bureau'] },
      to: { title: hushan.title, target: 3, coUnits: [] },
    });
  });

  it('withdraws an open task of a unit no longer allocated, and ignores a closed one', () => {
    // Act
    const open = decideTask(undefined, { task: storedAs({}) }, 'exec');
    const closed = decideTask(undefined, { task: storedAs({ status: 'withdrawn' }) }, 'exec');

    // Assess
    expect(open).toMatchObject({ action: 'withdraw' });
    expect(closed).toEqual({ action: 'none', counts: undefined });
  });

  it('reinstates a withdrawn task whose unit is allocated again', () => {
    // Prepare
    const withdrawn = storedAs({ status: 'withdrawn' });

    // Act
    const decision = decideTask(hushan, { task: withdrawn }, 'exec');

    // Assess
    expect(decision).toEqual({ action: 'reinstate', current: withdrawn, desired: hushan, counts: 'updated' });
  });

  it('never revises a closed task, counting it as unchanged', () => {
    // Act
    const decision = decideTask(hushan, { task: storedAs({ status: 'closed', target: 99 }) }, 'exec');

    // Assess
    expect(decision).toEqual({ action: 'none', counts: 'unchanged' });
  });

  it('counts what an earlier attempt of the same execution did, not what another execution did', () => {
    // Act
    const ours = decideTask(hushan, { task: storedAs({}), lastBreakdown: { executionId: 'exec', change: 'created' } }, 'exec');
    const oursWithdrawn = decideTask(undefined, { task: storedAs({ status: 'withdrawn' }), lastBreakdown: { executionId: 'exec', change: 'withdrawn' } }, 'exec');
    const theirs = decideTask(hushan, { task: storedAs({}), lastBreakdown: { executionId: 'other', change: 'updated' } }, 'exec');

    // Assess
    expect(ours).toEqual({ action: 'none', counts: 'created' });
    expect(oursWithdrawn).toEqual({ action: 'none', counts: 'withdrawn' });
    expect(theirs).toEqual({ action: 'none', counts: 'unchanged' });
  });
});
