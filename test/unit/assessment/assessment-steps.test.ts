import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import type { Plan, PlanInput } from '../../../shared/domain/plan.js';
import { validatePlan } from '../../../shared/domain/plan-rules.js';
import { useTestTable } from '../../support/test-table.js';

// ScoreBatch and RankUnits (shared/assessment/steps/) on DynamoDB Local, over two plans of 2022 that name
// two units differently: 慈溪分局 is the air plan's short name for the bureau, whose only task is in the
// water plan, under its full name; 浒山街道's tasks are all in the air plan.
await useTestTable();
const { prepareAssessment } = await import('../../../shared/assessment/steps/prepare.js');
const { scoreBatch } = await import('../../../shared/assessment/steps/score-batch.js');
const { rankRun } = await import('../../../shared/assessment/steps/rank.js');
const runs = await import('../../../shared/store/assessment-runs.js');
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { syncGoalTasks } = await import('../../../shared/store/goal-tasks.js');

const clock = fixedClock('2022-02-10T02:00:00.000Z');

function planOf(input: PlanInput): Plan {
  const checked = validatePlan(input);
  if (!checked.ok) throw new Error(`the fixture plan ${input.id} is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

const airPlan = planOf({
  id: 'air-2022',
  name: '2022年大气污染防治工作任务',
  year: 2022,
  units: [
    { id: 'hushan', name: '浒山街道', kind: 'street' },
    { id: 'longshan', name: '龙山镇', kind: 'town' },
    { id: 'bureau', name: '慈溪分局', kind: 'department' },
  ],
  goals: [
    {
      id: 'pm25',
      title: 'PM2.5年均浓度',
      kind: 'indicator',
      target: 29,
      direction: 'at_most',
      unitOfMeasure: 'μg/m³',
      deadline: '2022-12-31',
      lead: 'bureau',
      allocation: { method: 'each', units: 'towns' },
    },
  ],
});

const waterPlan = planOf({
  id: 'water-2022',
  name: '2022年水污染防治工作任务',
  year: 2022,
  units: [
    { id: 'hushan', name: '浒山街道办事处', kind: 'street' },
    { id: 'bureau', name: '宁波市生态环境局慈溪分局', kind: 'department' },
  ],
  goals: [
    {
      id: 'source-protection',
      title: '饮用水水源地保护方案修编',
      kind: 'action',
      deadline: '2022-06-30',
      lead: 'bureau',
      allocation: { method: 'lead' },
    },
  ],
});

async function store(plan: Plan): Promise<void> {
  const { revision } = await savePlan(plan, 'admin:test', clock);
  for (const goal of plan.goals) await syncGoalTasks({ plan, revision, goal, executionId: `breakdown-${plan.id}` }, clock);
}

describe('ScoreBatch and RankUnits over two plans of a year', () => {
  it('name each unit as the plan of its own tasks does, and rank towns and departments apart', async () => {
    // Prepare
    await store(airPlan);
    await store(waterPlan);
    await runs.createRun({ runId: 'names', year: 2022, dryRun: true, startedAt: '2023-01-05T02:00:00.000Z', startedBy: 'admin:test' }, clock);

    // Act
    const { batches } = await prepareAssessment(2022, 'names', clock);
    for (const batch of batches) await scoreBatch(2022, 'names', batch.unitIds);
    await rankRun(2022, 'names');

    // Assess
    const ranking = (await runs.getRanking(2022, 'names'))!;
    expect(ranking.map((unit) => [unit.unitId, unit.unitName, unit.group, unit.groupName, unit.rank])).toEqual([
      ['hushan', '浒山街道', 'towns', '镇街道', 1],
      ['longshan', '龙山镇', 'towns', '镇街道', 1],
      ['bureau', '宁波市生态环境局慈溪分局', 'departments', '部门', 1],
    ]);
    expect((await runs.listUnitScores(2022, 'names')).find((score) => score.unitId === 'bureau')).toMatchObject({ unitKind: 'department' });
  });
});
