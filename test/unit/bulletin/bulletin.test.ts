import { describe, expect, it } from 'vitest';
import { buildBulletin, previousMonth } from '../../../shared/bulletin/bulletin.js';
import { cixi } from '../domain/cixi-tasks.js';
import { input, PUBLISHED_ON, sprayHushan } from './fixture.js';

const zeroLevels = { remind: 0, urge: 0, supervise: 0, notice: 0, summon: 0 };

describe('buildBulletin', () => {
  it('counts each unit’s tasks, closed, completion rate, lights on the publication day and the covered month’s escalations', () => {
    // Act
    const bulletin = buildBulletin(input());

    // Assess
    expect(bulletin.month).toBe('2022-11');
    expect(bulletin.covers).toBe('2022-10');
    expect(bulletin.publishedOn).toBe(PUBLISHED_ON);
    expect(bulletin.plans).toEqual([{ planId: 'cixi-2022', name: cixi.name }]);
    expect(bulletin.units).toEqual([
      {
        unitId: 'hushan',
        unitName: '浒山街道',
        tasks: 4,
        closed: 1,
        completionRate: 0.25,
        lights: { green: 1, yellow: 1, red: 1 },
        escalations: { remind: 0, urge: 1, supervise: 1, notice: 1, summon: 1 },
      },
      {
        unitId: 'baishalu',
        unitName: '白沙路街道',
        tasks: 2,
        closed: 1,
        completionRate: 0.5,
        lights: { green: 1, yellow: 0, red: 0 },
        escalations: zeroLevels,
      },
    ]);
    expect(bulletin.totals).toEqual({
      tasks: 6,
      closed: 2,
      completionRate: 0.3333,
      lights: { green: 2, yellow: 1, red: 1 },
      escalations: { remind: 0, urge: 1, supervise: 1, notice: 1, summon: 1 },
    });
  });

  it('lists a task that reached 通报 and 约谈 in the month once, at 约谈', () => {
    // Act
    const { noticed } = buildBulletin(input());

    // Assess
    expect(noticed).toEqual([
      {
        taskId: sprayHushan,
        planId: 'cixi-2022',
        unitId: 'hushan',
        unitName: '浒山街道',
        title: '已整治喷涂企业“回头看”排查',
        level: 'summon',
        date: '2022-10-31',
        kind: 'overdue',
        since: '2022-09-30',
        workingDays: 20,
      },
    ]);
  });

  it('puts 约谈 before 通报, then the longest late first', () => {
    // Prepare
    const base = input();
    const escalations = [
      { ...base.escalations[2]!, taskId: 'cixi-2022.vocs-projects.hushan', workingDays: 11 },
      { ...base.escalations[2]!, taskId: 'cixi-2022.pm25.hushan', workingDays: 14 },
      base.escalations[3]!,
    ];

    // Act
    const { noticed } = buildBulletin({ ...base, escalations });

    // Assess
    expect(noticed.map((task) => [task.taskId, task.level])).toEqual([
      [sprayHushan, 'summon'],
      ['cixi-2022.pm25.hushan', 'notice'],
      ['cixi-2022.vocs-projects.hushan', 'notice'],
    ]);
  });

  it('gives a unit without tasks no completion rate, and a month without plans empty sections', () => {
    // Prepare
    const base = input();
    const withoutTasks = { ...base.plans[0]!, tasks: [] };

    // Act
    const empty = buildBulletin({ ...base, plans: [withoutTasks], escalations: [] });
    const none = buildBulletin({ publishedOn: '2023-01-03', plans: [], escalations: [] });

    // Assess
    expect(empty.units.map((unit) => unit.completionRate)).toEqual([null, null]);
    expect(empty.totals.completionRate).toBeNull();
    expect(none).toMatchObject({ month: '2023-01', covers: '2022-12', units: [], noticed: [], totals: { tasks: 0, completionRate: null } });
  });

  it('counts a unit once however many plans of the year it is in', () => {
    // Prepare
    const base = input();
    const second = { ...base.plans[0]!, planId: 'cixi-2022-extra', name: '补充计划', tasks: base.plans[0]!.tasks.slice(0, 1).map((task) => ({ ...task, id: 'cixi-2022-extra.spray-recheck.hushan', planId: 'cixi-2022-extra' })) };

    // Act
    const bulletin = buildBulletin({ ...base, plans: [base.plans[0]!, second] });

    // Assess
    expect(bulletin.units.map((unit) => [unit.unitId, unit.tasks])).toEqual([
      ['hushan', 5],
      ['baishalu', 2],
    ]);
  });
});

describe('previousMonth', () => {
  it('steps back over New Year and refuses what is not a month', () => {
    expect(previousMonth('2023-01')).toBe('2022-12');
    expect(previousMonth('2022-11')).toBe('2022-10');
    expect(() => previousMonth('2022-13')).toThrow(/YYYY-MM/);
  });
});
