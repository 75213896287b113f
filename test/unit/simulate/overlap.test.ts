import { describe, expect, it } from 'vitest';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import type { SimStep } from '../../../shared/simulate/day.js';
import { unseenByChase } from '../../../shared/simulate/overlap.js';
import { cixiTask } from '../domain/cixi-tasks.js';

// The sample's tracking: margin 0.1, 提醒 5 working days before the deadline, two review levels.
const tracking = defaultTracking;
// 浒山街道 rechecks 9 spray shops by 2022-09-30, ⅓ by 03-31: nothing reported, its check date is 03-31.
const sprayRecheck = cixiTask('spray-recheck', 'hushan');
// PM2.5 ≤ 29 μg/m³ for 浒山街道.
const pm25 = cixiTask('pm25', 'hushan');

const report = (asOf: string, figures: object): SimStep => ({ action: 'report', report: { asOf, ...figures } });

describe('unseenByChase', () => {
  it('lets a report run alongside the chase of a day before the task’s check date, when it keeps the task ahead of it', () => {
    // Act / Assess: 3 of 9 covers the first milestone; the next check is the second one, 06-30.
    expect(unseenByChase(sprayRecheck, [report('2022-03-29', { done: 3 })], '2022-03-28', tracking)).toBe(true);
  });

  it('holds back a task the chase reads: its check date is on or before the chase day', () => {
    // Act / Assess
    expect(unseenByChase(sprayRecheck, [report('2022-04-01', { done: 3 })], '2022-03-31', tracking)).toBe(false);
  });

  it('holds back a report that would bring the task into the chase’s reach', () => {
    // Act / Assess: an indicator off its target is behind from 1 January, so the chase of 05-09 would read it.
    expect(unseenByChase(pm25, [report('2022-05-10', { value: 40, period: '2022-Q1' })], '2022-05-09', tracking)).toBe(false);
    expect(unseenByChase(pm25, [report('2022-05-10', { value: 27, period: '2022-Q1' })], '2022-05-09', tracking)).toBe(true);
  });

  it('lets the bureau accept and close what is off the chase’s index', () => {
    // Prepare
    const requested = cixiTask('spray-recheck', 'gutang', {
      status: 'closeout_requested',
      progress: { asOf: '2022-09-20', done: 12, reportedBy: 'gutang', reportedAt: '2022-09-20T02:00:00.000Z' },
    });

    // Act / Assess
    expect(unseenByChase(requested, [{ action: 'accept' }, { action: 'close' }], '2022-10-20', tracking)).toBe(true);
  });
});
