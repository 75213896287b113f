import { describe, expect, it } from 'vitest';
import { calendarForYears, shippedYears } from '../../../shared/domain/calendars.js';
import { nextCheckDate } from '../../../shared/domain/check-date.js';
import { taskStatuses, type Task } from '../../../shared/domain/task.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { checkDateOf, openTaskKeys } from '../../../shared/store/check-dates.js';
import { keys } from '../../../shared/store/keys.js';
import { cixiTask } from '../domain/cixi-tasks.js';

// 浒山街道 rechecks 9 spray shops by 2022-09-30: ⅓ by 03-31, ⅔ by 06-30, all by 09-30.
const sprayRecheck = cixiTask('spray-recheck', 'hushan', { status: 'in_progress' });
const report = (done: number, asOf = '2022-04-10') => ({ asOf, done, reportedBy: 'token:hushan', reportedAt: `${asOf}T02:00:00.000Z` });

describe('checkDateOf (the one place that keys a task on gsi3)', () => {
  it('is nextCheckDate with the calendar of the deadline\'s year', () => {
    // Act
    const checkDate = checkDateOf(sprayRecheck, defaultTracking);

    // Assess: no progress: behind at the first milestone
    expect(checkDate).toBe('2022-03-31');
    expect(checkDate).toBe(nextCheckDate(sprayRecheck, calendarForYears([2022]), defaultTracking));
  });

  it('moves later when progress catches up, and follows the plan\'s margin', () => {
    // Act
    const caughtUp = checkDateOf({ ...sprayRecheck, progress: report(3) }, defaultTracking);
    const lenient = checkDateOf({ ...sprayRecheck, progress: report(3) }, { ...defaultTracking, margin: 0.5 });

    // Assess
    expect(caughtUp).toBe('2022-06-30');
    expect(lenient! > caughtUp!).toBe(true);
  });

  it('uses the year of the deadline, not of the plan, after an extension into the next year', () => {
    // Prepare
    const extended: Task = { ...sprayRecheck, progress: report(9), deadline: '2023-03-31', originalDeadline: '2022-09-30' };

    // Act & Assess
    expect(checkDateOf(extended, defaultTracking)).toBe(nextCheckDate(extended, calendarForYears([2023]), defaultTracking));
  });

  it('is null for every status the chase does not chase', () => {
    for (const status of taskStatuses) {
      const checkDate = checkDateOf({ ...sprayRecheck, status }, defaultTracking);
      if (status === 'assigned' || status === 'in_progress') expect(checkDate).not.toBeNull();
      else expect(checkDate).toBeNull();
    }
  });

  it('falls back to the deadline when the deadline\'s year has no shipped calendar (a breakdown must not fail)', () => {
    // Prepare: a year after the last shipped calendar
    const year = Math.max(...shippedYears) + 1;
    const future: Task = { ...sprayRecheck, year, deadline: `${year}-09-30`, milestones: [{ date: `${year}-03-31`, share: 1 / 3 }] };

    // Act & Assess
    expect(checkDateOf(future, defaultTracking)).toBe(`${year}-09-30`);
    expect(checkDateOf({ ...future, status: 'closed' }, defaultTracking)).toBeNull();
    expect(openTaskKeys(future, defaultTracking)).toEqual(keys.openTask(year, future.id, `${year}-09-30`));
  });

  it('gives no keys to a task that is not chased', () => {
    expect(openTaskKeys({ ...sprayRecheck, status: 'accepted' }, defaultTracking)).toBeUndefined();
  });
});
