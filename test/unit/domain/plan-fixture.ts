import type { PlanInput } from '../../../shared/domain/plan.js';

/** A small valid plan (Cixi-like) that tests copy and break one field at a time. */
export function smallPlan(): PlanInput {
  return {
    id: 'test-2022',
    name: 'Test plan 2022',
    year: 2022,
    units: [
      { id: 'hushan', name: '浒山街道', kind: 'street', bases: { enterprises: 120, 'river-km': 12.5 } },
      { id: 'longshan', name: '龙山镇', kind: 'town', bases: { enterprises: 300, 'river-km': 40 } },
      { id: 'zhouxiang', name: '周巷镇', kind: 'town', bases: { enterprises: 80, 'river-km': 35.5 } },
      { id: 'water-office', name: '市治水办', kind: 'department' },
      { id: 'bureau', name: '慈溪分局', kind: 'department' },
    ],
    goals: [
      {
        id: 'pm25',
        title: 'PM2.5 annual mean',
        kind: 'indicator',
        target: 29,
        direction: 'at_most',
        unitOfMeasure: 'μg/m³',
        deadline: '2022-12-31',
        lead: 'bureau',
        allocation: { method: 'each', units: 'towns', overrides: { longshan: 28 } },
      },
      {
        id: 'vocs',
        title: 'VOCs treatment projects',
        kind: 'quantity',
        target: 110,
        unitOfMeasure: '个',
        deadline: '2022-12-31',
        lead: 'bureau',
        coUnits: ['water-office'],
        allocation: { method: 'proportional', units: 'towns', base: 'enterprises' },
      },
      {
        id: 'parks',
        title: 'Zero-discharge parks',
        kind: 'quantity',
        target: 3,
        unitOfMeasure: '个',
        deadline: '2022-11-30',
        lead: 'bureau',
        allocation: { method: 'quota', quotas: { hushan: 1, zhouxiang: 2 } },
        milestones: [
          { date: '2022-06-30', share: 0.3 },
          { date: '2022-11-30', share: 1 },
        ],
      },
      {
        id: 'stations',
        title: 'Water-quality stations',
        kind: 'quantity',
        target: 10,
        unitOfMeasure: '套',
        deadline: '2022-12-31',
        lead: 'water-office',
        allocation: { method: 'even', units: ['hushan', 'longshan', 'zhouxiang'] },
      },
      {
        id: 'eco-plan',
        title: 'Revise the eco-civilisation plan',
        kind: 'action',
        deadline: '2022-09-30',
        lead: 'bureau',
        allocation: { method: 'lead' },
      },
    ],
  };
}
