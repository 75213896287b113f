import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../shared/tasks/task-view.js';
import { cixiTask } from '../domain/cixi-tasks.js';

// 浒山街道's spray-recheck (已整治喷涂企业“回头看”排查), due 2022-09-30.
const recheck = cixiTask('spray-recheck', 'hushan', { status: 'in_progress' });
const settings = (today: string) => ({ today, tracking: { margin: 0.1 } }) as Parameters<typeof viewOf>[1];

describe('viewOf: the working days left', () => {
  it('counts the working days after today up to the deadline in the shipped calendar (国庆 and weekends left out)', () => {
    // Act
    const view = viewOf(recheck, settings('2022-09-23'));

    // Assess: 09-26 to 09-30 are five working days (2022-09-24 and -25 a weekend)
    expect(view.workingDaysLeft).toBe(5);
  });

  it('counts down once overdue: the working days after the deadline up to today', () => {
    // Act
    const view = viewOf(recheck, settings('2022-10-11'));

    // Assess: 10-01 to 10-07 is the National Day holiday, 10-08 and 10-09 are working Saturdays and Sunday of 2022
    expect(view.workingDaysLeft).toBe(-4);
  });

  it('is none for a task no longer open, and for days no shipped calendar covers', () => {
    // Act
    const closed = viewOf({ ...recheck, status: 'closed' }, settings('2022-09-23'));
    const uncovered = viewOf({ ...recheck, deadline: '2031-09-30' }, settings('2031-09-01'));

    // Assess
    expect(closed.workingDaysLeft).toBeNull();
    expect(uncovered.workingDaysLeft).toBeNull();
  });
});
