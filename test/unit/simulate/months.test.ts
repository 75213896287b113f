import { describe, expect, it } from 'vitest';
import { addEscalations, monthsBetween, noEscalations, standingOn } from '../../../shared/simulate/months.js';
import { cixiTask } from '../domain/cixi-tasks.js';

const progress = (fields: object) => ({ asOf: '2022-07-01', reportedBy: 'token:sim', reportedAt: '2022-07-01T02:00:00.000Z', ...fields });

describe('monthsBetween', () => {
  it('lists every month touched, each ending on its last day or on the last simulated one', () => {
    // Act / Assess
    expect(monthsBetween('2022-01-15', '2022-03-10')).toStrictEqual([
      { month: '2022-01', lastDay: '2022-01-31' },
      { month: '2022-02', lastDay: '2022-02-28' },
      { month: '2022-03', lastDay: '2022-03-10' },
    ]);
    expect(monthsBetween('2022-12-31', '2023-01-01')).toStrictEqual([
      { month: '2022-12', lastDay: '2022-12-31' },
      { month: '2023-01', lastDay: '2023-01-01' },
    ]);
  });
});

describe('standingOn', () => {
  it('counts each task once by its light on the day, closed apart, withdrawn not at all', () => {
    // Prepare: on 2022-07-15, with the margin 0.1.
    const tasks = [
      // 浒山街道 rechecked 6 of 9 spray shops: ⅔ due by 06-30, on track.
      cixiTask('spray-recheck', 'hushan', { status: 'in_progress', progress: progress({ done: 6 }) }),
      // 3 of 9: behind.
      cixiTask('spray-recheck', 'gutang', { status: 'in_progress', progress: progress({ done: 3 }) }),
      // 市治水办's campaign was due 04-30: overdue, and so is an accepted one waiting to be closed.
      cixiTask('campaign-water-quality', 'water-office'),
      cixiTask('handover-sections', 'hushan', { status: 'accepted', progress: progress({ complete: true }) }),
      cixiTask('handover-sections', 'gutang', { status: 'closed', progress: progress({ complete: true }) }),
      cixiTask('handover-sections', 'kandun', { status: 'withdrawn' }),
    ];

    // Act
    const standing = standingOn(tasks, '2022-07-15', 0.1);

    // Assess
    expect(standing).toStrictEqual({ onTrack: 1, behind: 1, overdue: 2, closed: 1 });
  });
});

describe('escalation counts', () => {
  it('add up by level, under the ladder’s names', () => {
    // Act
    const sum = addEscalations(addEscalations(noEscalations(), { 催办: 2, 约谈: 1 }), { 催办: 1, 提醒: 4 });

    // Assess
    expect(sum).toStrictEqual({ 提醒: 4, 催办: 3, 督办: 0, 通报: 0, 约谈: 1 });
  });
});
