import { describe, expect, it } from 'vitest';
import { allocateGoal } from '../../../shared/domain/allocation.js';
import { Plan } from '../../../shared/domain/plan.js';
import { previewBreakdown, previewTaskCount } from '../../../shared/plans/breakdown-preview.js';
import { readPlanFile } from '../../../shared/plans/read-plan-file.js';
import { smallPlan } from '../domain/plan-fixture.js';

describe('previewBreakdown', () => {
  it('shows each goal’s tasks by unit name, in plan order, with the shares the breakdown allocates', () => {
    // Prepare
    const plan = Plan.parse(smallPlan());

    // Act
    const goals = previewBreakdown(plan);

    // Assess
    const vocs = goals.find((goal) => goal.goalId === 'vocs')!;
    expect(vocs.tasks.map((task) => task.unitName)).toEqual(['浒山街道', '龙山镇', '周巷镇']);
    expect(vocs.tasks.map((task) => task.target)).toEqual(allocateGoal(plan, plan.goals[1]!).map((task) => task.target));
    expect([vocs.allocated, vocs.target, vocs.leadName]).toEqual([110, 110, '慈溪分局']);
    expect(goals.find((goal) => goal.goalId === 'eco-plan')).toMatchObject({ target: null, allocated: null, tasks: [{ unitName: '慈溪分局', target: null }] });
  });

  it('sums no indicator: each unit holds its own target value', () => {
    // Act
    const pm25 = previewBreakdown(Plan.parse(smallPlan())).find((goal) => goal.goalId === 'pm25')!;

    // Assess
    expect(pm25.allocated).toBeNull();
    expect(pm25.direction).toBe('at_most');
    expect(pm25.tasks.map((task) => [task.unitName, task.target])).toEqual([
      ['浒山街道', 29],
      ['龙山镇', 28],
      ['周巷镇', 29],
    ]);
  });

  it('splits every quantity goal of the Cixi 2022 sample into shares that sum to its target', async () => {
    // Prepare
    const read = await readPlanFile(new URL('../../../samples/cixi-2022.xlsx', import.meta.url).pathname);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));

    // Act
    const goals = previewBreakdown(read.value);

    // Assess
    const split = goals.filter((goal) => goal.allocated !== null);
    expect(split.length).toBeGreaterThan(0);
    for (const goal of split) expect(goal.allocated, goal.title).toBe(goal.target);
    expect(previewTaskCount(goals)).toBe(read.value.goals.reduce((sum, goal) => sum + allocateGoal(read.value, goal).length, 0));
    expect(goals.flatMap((goal) => goal.tasks).filter((task) => task.unitName === task.unitId)).toEqual([]);
  });
});
