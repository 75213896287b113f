import type { PlanInput } from '../domain/plan.js';

/**
 * The example the empty 任务分解表 (samples/plan-template.xlsx) carries: a few units and one goal row
 * that uses most columns, for a clerk to copy and overwrite.
 */
export const templatePlan: PlanInput = {
  id: 'example-2024',
  name: '示例：2024年度生态环境目标任务',
  year: 2024,
  timezone: 'Asia/Shanghai',
  units: [
    { id: 'chengdong', name: '城东街道', kind: 'street', bases: { enterprises: 120 } },
    { id: 'chengxi', name: '城西街道', kind: 'street', bases: { enterprises: 80 } },
    { id: 'beishan', name: '北山镇', kind: 'town', bases: { enterprises: 50 } },
    { id: 'water-office', name: '区治水办', kind: 'department' },
    { id: 'eco-bureau', name: '生态环境分局', kind: 'department' },
  ],
  goals: [
    {
      id: 'vocs-projects',
      title: '完成VOCs治理项目',
      kind: 'quantity',
      target: 25,
      unitOfMeasure: '个',
      deadline: '2024-11-30',
      lead: 'eco-bureau',
      coUnits: ['water-office'],
      allocation: { method: 'proportional', units: 'towns', base: 'enterprises' },
      milestones: [
        { date: '2024-06-30', share: 0.4 },
        { date: '2024-09-30', share: 0.7 },
        { date: '2024-11-30', share: 1 },
      ],
      basis: '按辖区企业数分配',
    },
  ],
};
