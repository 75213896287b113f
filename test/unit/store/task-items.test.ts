import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/domain/task.js';
import { desiredTasks } from '../../../shared/store/goal-task-decisions.js';
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

  it('are in the open-task index only while the task is open', () => {
    // Act
    const open = toTaskItem(task);
    const closed = toTaskItem({ ...task, status: 'closed' });

    // Assess
    expect(open).toHaveProperty('gsi3pk');
    expect(closed).not.toHaveProperty('gsi3pk');
  });
});
