import type { PlanInput } from '../../../shared/domain/plan.js';

/** A city's plan: districts, counties, a county-level city, a zone and departments, one goal split by a set. */
export function cityPlan(units: unknown = { kind: ['district', 'county', 'city'] }): PlanInput {
  return {
    id: 'city-2024',
    name: '市生态环境局2024年工作计划',
    year: 2024,
    units: [
      { id: 'haishu', name: '海曙区', kind: 'district', tags: ['urban'] },
      { id: 'ninghai', name: '宁海县', kind: 'county', tags: ['coastal', 'villages'] },
      { id: 'yuyao', name: '余姚市', kind: 'city', tags: ['villages'] },
      { id: 'hi-tech-zone', name: '高新区', kind: 'zone' },
      { id: 'fgw', name: '市发改委', kind: 'department' },
    ],
    goals: [
      {
        id: 'pm25',
        kind: 'indicator',
        title: 'PM2.5年均浓度',
        target: 28,
        direction: 'at_most',
        unitOfMeasure: 'μg/m³',
        lead: 'fgw',
        deadline: '2024-12-31',
        allocation: { method: 'each', units } as PlanInput['goals'][number]['allocation'],
      },
    ],
  };
}
