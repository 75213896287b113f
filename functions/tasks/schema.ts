import * as z from 'zod';
import { parseTaskId, taskStatuses } from '../../shared/domain/task.js';
import { cursorParam } from '../../shared/http/cursor.js';
import { dateParam, dueRangeIsOrdered, dueRangeProblem, idParam, limitParam, yearParam } from '../../shared/http/params.js';
import { bilingual } from '../../shared/http/validation.js';

const listFilters = {
  status: z.enum(taskStatuses).optional(),
  dueAfter: dateParam.optional(),
  dueBefore: dateParam.optional(),
  limit: limitParam,
  cursor: cursorParam.optional(),
};

export const PlanTasksParams = z.strictObject({ planId: idParam });

/** `GET /plans/{planId}/tasks?unit=&goal=&status=&dueAfter=&dueBefore=&limit=&cursor=` */
export const PlanTasksQuery = z
  .strictObject({ unit: idParam.optional(), goal: idParam.optional(), ...listFilters })
  .refine(dueRangeIsOrdered, dueRangeProblem);

export const UnitTasksParams = z.strictObject({ unitId: idParam });

/** `GET /units/{unitId}/tasks?year=&status=&dueAfter=&dueBefore=&limit=&cursor=` */
export const UnitTasksQuery = z.strictObject({ year: yearParam.optional(), ...listFilters }).refine(dueRangeIsOrdered, dueRangeProblem);

export const TaskParams = z.strictObject({
  taskId: z
    .string()
    .max(150)
    .refine(
      (id) => parseTaskId(id) !== undefined,
      bilingual('task_id', 'Must be <planId>.<goalId>.<unitId>', '应为 <计划>.<目标>.<单位> 形式的任务编号'),
    ),
});
