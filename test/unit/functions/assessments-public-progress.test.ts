import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/domain/task.js';
import { publicProgress, type ProgressPlan, type ProgressTask } from '../../../functions/public/progress.js';

// Two towns of the Cixi sample and two of its goals, on 2022-10-20.
const plan: ProgressPlan = {
  planId: 'cixi-2022',
  name: '慈溪市 2022 年大气污染防治目标',
  year: 2022,
  margin: 0.1,
  goals: [
    { id: 'vocs-projects', title: 'VOCs 治理项目' },
    { id: 'pm25', title: 'PM2.5 年均浓度' },
  ],
  units: [
    { id: 'hushan', name: '浒山街道' },
    { id: 'guanhaiwei', name: '观海卫镇' },
  ],
};

const task = (goalId: string, unitId: string, change: Partial<Task> = {}): ProgressTask => ({
  goalId,
  unitId,
  kind: 'quantity',
  status: 'in_progress',
  target: 10,
  deadline: '2022-12-31',
  milestones: [{ date: '2022-06-30', share: 0.5 }],
  progress: { done: 5, asOf: '2022-06-30' } as Task['progress'],
  ...change,
});

describe('publicProgress', () => {
  it('counts tasks, closed tasks, the completion rate and the lights of open tasks per unit and per goal', () => {
    // Prepare
    const tasks = [
      task('vocs-projects', 'hushan', { status: 'closed' }),
      task('vocs-projects', 'guanhaiwei', { progress: { done: 1, asOf: '2022-09-30' } as Task['progress'] }), // behind: yellow
      task('pm25', 'hushan', { kind: 'indicator', target: 35, direction: 'at_most', deadline: '2022-09-30', milestones: [], progress: null }), // overdue: red
      task('pm25', 'guanhaiwei', { kind: 'indicator', target: 35, direction: 'at_most', status: 'withdrawn', milestones: [], progress: null }),
    ];

    // Act
    const progress = publicProgress(plan, tasks, '2022-10-20');

    // Assess
    expect(progress).toEqual({
      planId: 'cixi-2022',
      name: '慈溪市 2022 年大气污染防治目标',
      year: 2022,
      asOf: '2022-10-20',
      units: [
        { unitId: 'hushan', unitName: '浒山街道', tasks: 2, closed: 1, completionRate: 0.5, lights: { green: 0, yellow: 0, red: 1 } },
        { unitId: 'guanhaiwei', unitName: '观海卫镇', tasks: 1, closed: 0, completionRate: 0, lights: { green: 0, yellow: 1, red: 0 } },
      ],
      goals: [
        { goalId: 'vocs-projects', title: 'VOCs 治理项目', tasks: 2, closed: 1, completionRate: 0.5, lights: { green: 0, yellow: 1, red: 0 } },
        { goalId: 'pm25', title: 'PM2.5 年均浓度', tasks: 1, closed: 0, completionRate: 0, lights: { green: 0, yellow: 0, red: 1 } },
      ],
    });
  });

  it('gives a rate of null to a unit without tasks, and leaves out tasks of units and goals the plan no longer lists', () => {
    // Act
    const progress = publicProgress(plan, [task('dropped-goal', 'dropped-town')], '2022-10-20');

    // Assess
    expect(progress.units.map((unit) => [unit.unitId, unit.tasks, unit.completionRate])).toEqual([
      ['hushan', 0, null],
      ['guanhaiwei', 0, null],
    ]);
    expect(progress.goals.map((goal) => [goal.goalId, goal.tasks])).toEqual([
      ['vocs-projects', 0],
      ['pm25', 0],
    ]);
  });

  it('answers only the allow-listed fields, whatever else the tasks carry', () => {
    // Prepare
    const noisy = { ...task('vocs-projects', 'hushan'), note: '内部意见', reason: '约谈', reviewer: '张三' } as ProgressTask;

    // Act
    const progress = publicProgress(plan, [noisy], '2022-10-20');

    // Assess
    expect(Object.keys(progress).sort()).toEqual(['asOf', 'goals', 'name', 'planId', 'units', 'year']);
    expect(Object.keys(progress.units[0]!).sort()).toEqual(['closed', 'completionRate', 'lights', 'tasks', 'unitId', 'unitName']);
    expect(JSON.stringify(progress)).not.toMatch(/内部意见|约谈|张三/);
  });
});
