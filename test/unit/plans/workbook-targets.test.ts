import { describe, expect, it } from 'vitest';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { readBaselines, readChange, readFloor } from '../../../shared/plans/workbook-targets.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { smallPlan } from '../domain/plan-fixture.js';
import { readEdited } from './workbook-fixture.js';

// Rows of smallPlan in 任务表: 2 pm25, 3 vocs, 4 parks, 5 stations, 6 eco-plan, 7 good-air. Columns: E 目标值,
// G 方向, Q 基准值, R 变化, S 基准年.

/** smallPlan with a relative PM2.5 (较2021年下降5%, 浒山 from its own baseline), a strict one and a floor. */
function targetsPlan(): PlanInput {
  const plan = smallPlan();
  const { target: _target, ...pm25 } = plan.goals[0] as Record<string, unknown>;
  plan.goals[0] = {
    ...pm25,
    relative: { change: -0.05, baseline: 30, baselines: { hushan: 31.2 }, baselineYear: 2021 },
    allocation: { method: 'each', units: 'towns' },
  } as unknown as PlanInput['goals'][number];
  plan.goals.push({
    id: 'good-air',
    title: '空气质量优良天数比率高于87%',
    kind: 'indicator',
    target: 87,
    direction: 'more_than',
    unitOfMeasure: '%',
    deadline: '2022-12-31',
    lead: 'bureau',
    allocation: { method: 'each', units: 'towns' },
  });
  Object.assign(plan.goals[1]!, { atLeast: true });
  return plan;
}

describe('the 任务表 with strict, relative and floor targets', () => {
  it('reads back the plan it wrote', async () => {
    // Prepare
    const plan = targetsPlan();

    // Act
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(plan) });
  });

  it('reads the words a clerk writes: 高于 and 低于, 150以上, 下降5%, a default baseline as 其余 and 2021年', async () => {
    // Act
    const result = await readEdited(targetsPlan(), ({ goals }) => {
      goals.getCell('G2').value = '不超过';
      goals.getCell('E3').value = '110个以上';
      goals.getCell('Q2').value = '浒山街道 31.2；其余 30';
      goals.getCell('R2').value = '-5%';
      goals.getCell('S2').value = '2021年';
      goals.getCell('G7').value = '高于';
    });

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(targetsPlan()) });
  });

  it('names the cell of a missing baseline, and of a change it cannot read', async () => {
    // Act
    const missing = await readEdited(targetsPlan(), ({ goals }) => {
      goals.getCell('Q2').value = '浒山街道 31.2';
    });
    const unreadable = await readEdited(targetsPlan(), ({ goals }) => {
      goals.getCell('R2').value = '少了一点';
    });

    // Assess
    const places = (result: typeof missing) => (result.ok ? [] : result.problems.map((p) => `${p.path} ${p.rule}`));
    expect(places(missing)).toEqual(['任务表 第2行 基准值 missing_baseline']);
    expect(places(unreadable)).toEqual(['任务表 第2行 变化 type']);
  });
});

describe('workbook target words', () => {
  it.each([
    ['下降5%', -0.05],
    ['-5%', -0.05],
    ['增长12.5%', 0.125],
    ['+10%', 0.1],
    ['减少 3%', -0.03],
  ])('reads 变化 %s as %d', (text, change) => {
    // Act / Assess
    expect(readChange(text)).toBe(change);
  });

  it('reads a floor and leaves other text alone', () => {
    // Act / Assess
    expect(readFloor('150以上')).toBe(150);
    expect(readFloor('150 个以上')).toBe(150);
    expect(readFloor('150')).toBeUndefined();
    expect(readFloor('以上')).toBeUndefined();
  });

  it('reads a baseline for all and the units\' own', () => {
    // Act
    const read = readBaselines('30、海曙区 31.2，宁海县：24.5、不是数');

    // Assess
    expect(read).toEqual({ baseline: 30, baselines: [['海曙区', 31.2], ['宁海县', 24.5]], unreadable: ['不是数'] });
  });
});
