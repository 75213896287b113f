import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { taskId, type Task, type TaskStatus } from '../../../shared/domain/task.js';
import { dynamo } from '../../../shared/store/client.js';
import { toTaskItem } from '../../../shared/store/task-items.js';
import { defaultTracking, type Tracking } from '../../../shared/domain/tracking.js';

/** A small plan of Cixi (慈溪) for 2024: three towns, a department, two goals. */
export const planInput = {
  id: 'cixi-2024',
  name: '慈溪市 2024 年生态环境工作要点',
  year: 2024,
  units: [
    { id: 'longshan', name: '龙山镇', kind: 'town', bases: { enterprises: 120 } },
    { id: 'zhangqi', name: '掌起镇', kind: 'town', bases: { enterprises: 80 } },
    { id: 'guanhaiwei', name: '观海卫镇', kind: 'town', bases: { enterprises: 100 } },
    { id: 'water-office', name: '治水办', kind: 'department' },
  ],
  goals: [
    {
      id: 'vocs',
      kind: 'quantity',
      title: '完成 VOCs 治理项目',
      deadline: '2024-11-30',
      lead: 'water-office',
      target: 30,
      unitOfMeasure: '个',
      allocation: { method: 'even', units: 'towns' },
    },
    {
      id: 'pm25',
      kind: 'indicator',
      title: 'PM2.5 年均浓度',
      deadline: '2024-12-31',
      lead: 'water-office',
      target: 29,
      direction: 'at_most',
      unitOfMeasure: 'μg/m³',
      allocation: { method: 'each', units: 'towns' },
    },
  ],
} satisfies PlanInput;

export const plan: Plan = Plan.parse(planInput);

export function task(overrides: Partial<Task> & Pick<Task, 'goalId' | 'unitId'>): Task {
  const planId = overrides.planId ?? plan.id;
  return {
    id: taskId(planId, overrides.goalId, overrides.unitId),
    planId,
    year: 2024,
    kind: 'quantity',
    title: '完成 VOCs 治理项目',
    target: 10,
    unitOfMeasure: '个',
    deadline: '2024-11-30',
    milestones: [{ date: '2024-06-30', share: 0.5 }],
    lead: 'water-office',
    coUnits: [],
    status: 'assigned' satisfies TaskStatus,
    progress: null,
    version: 1,
    planRevision: 1,
    createdAt: '2024-01-15T02:00:00.000Z',
    updatedAt: '2024-01-15T02:00:00.000Z',
    ...overrides,
  };
}

/** Writes tasks as the breakdown would (same item shape, on gsi3 by their check date), 25 per request. */
export async function putTasks(tableName: string, tasks: Task[], tracking: Tracking = defaultTracking): Promise<void> {
  for (let i = 0; i < tasks.length; i += 25) {
    const chunk = tasks.slice(i, i + 25).map((t) => ({ PutRequest: { Item: toTaskItem(t, undefined, tracking) } }));
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: chunk } }));
  }
}
