import { Plan } from '../../shared/domain/plan.js';

/** A small valid plan: three towns and a department, one goal of each allocation style. */
export function samplePlan(id = 'cixi-2026'): Plan {
  return Plan.parse({
    id,
    name: '慈溪市 2026 年生态环境目标',
    year: 2026,
    units: [
      { id: 'hushan', name: '浒山街道', kind: 'street', bases: { enterprises: 30 } },
      { id: 'guanhaiwei', name: '观海卫镇', kind: 'town', bases: { enterprises: 50 } },
      { id: 'zhouxiang', name: '周巷镇', kind: 'town', bases: { enterprises: 20 } },
      { id: 'eco-bureau', name: '市生态环境局', kind: 'department' },
    ],
    goals: [
      {
        id: 'vocs-cleanup',
        kind: 'quantity',
        title: 'VOCs 治理 / VOC abatement projects',
        target: 12,
        unitOfMeasure: '家',
        deadline: '2026-11-30',
        lead: 'eco-bureau',
        allocation: { method: 'quota', quotas: { hushan: 3, guanhaiwei: 6, zhouxiang: 3 } },
      },
      {
        id: 'river-patrol',
        kind: 'quantity',
        title: '河道巡查 / River patrols',
        target: 10,
        unitOfMeasure: '次',
        deadline: '2026-12-31',
        lead: 'eco-bureau',
        coUnits: ['eco-bureau'],
        allocation: { method: 'proportional', units: 'towns', base: 'enterprises' },
      },
      {
        id: 'pm25',
        kind: 'indicator',
        title: 'PM2.5 年均浓度 / PM2.5 annual mean',
        target: 28,
        direction: 'at_most',
        unitOfMeasure: 'μg/m³',
        deadline: '2026-12-31',
        lead: 'eco-bureau',
        allocation: { method: 'each', units: 'towns', overrides: { zhouxiang: 30 } },
      },
      {
        id: 'inspection-plan',
        kind: 'action',
        title: '制定执法检查计划 / Draw up the inspection plan',
        deadline: '2026-03-31',
        lead: 'eco-bureau',
        allocation: { method: 'lead' },
      },
    ],
  });
}

/** A copy of the plan with one goal changed. */
export function withGoal(plan: Plan, goalId: string, change: (goal: Plan['goals'][number]) => Plan['goals'][number]): Plan {
  return { ...plan, goals: plan.goals.map((goal) => (goal.id === goalId ? change(structuredClone(goal)) : goal)) };
}
