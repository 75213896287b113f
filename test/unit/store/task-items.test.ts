import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/domain/task.js';
import { checkDateOf } from '../../../shared/store/check-dates.js';
import { desiredTasks } from '../../../shared/store/goal-task-decisions.js';
import { keys } from '../../../shared/store/keys.js';
import { fromTaskItem, toTaskItem } from '../../../shared/store/task-items.js';
import { samplePlan } from '../../support/sample-plan.js';

const plan = samplePlan();
const [task] = desiredTasks(plan, plan.goals.find((g) => g.id === 'pm25')!, 1, '2026-01-06T02:00:00.000Z') as [Task];

describe('task items', () => {
  it('give back the task without its keys and bookkeeping, whatever order the store returns attributes in', () => {
    // Prepare
    const item = toTaskItem(task, { executionId: 'exec-1', change: 'created' });
    const shuffled = Object.fromEntries(Object.entries(item).reverse());

    // Act
    const read = fromTaskItem(shuffled);

    // Assess
    expect(read).toEqual(task);
    expect(Object.keys(read)).toEqual(Object.keys(task));
    expect(Object.keys(read).slice(0, 4)).toEqual(['id', 'planId', 'goalId', 'unitId']);
  });

  it('are in the chase index (gsi3) only while the task is chased, by its check date, given the plan\'s tracking', () => {
    // Act
    const open = toTaskItem(task, undefined, plan.tracking);
    const closeoutRequested = toTaskItem({ ...task, status: 'closeout_requested' }, undefined, plan.tracking);
    const closed = toTaskItem({ ...task, status: 'closed' }, undefined, plan.tracking);
    const withoutTracking = toTaskItem(task);

    // Assess
    expect(open).toMatchObject(keys.openTask(task.year, task.id, checkDateOf(task, plan.tracking)!));
    expect(closeoutRequested).not.toHaveProperty('gsi3pk');
    expect(closed).not.toHaveProperty('gsi3pk');
    expect(withoutTracking).not.toHaveProperty('gsi3pk');
  });
});
