import { parseTaskId } from '../../shared/domain/task.js';
import { encodeCursor } from '../../shared/http/cursor.js';
import { notFound, planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { getTask, listPlanTasks, listUnitTasks, type Page } from '../../shared/store/task-queries.js';
import type { Task } from '../../shared/domain/task.js';
import { PlanTasksParams, PlanTasksQuery, TaskParams, UnitTasksParams, UnitTasksQuery } from './schema.js';

/** A unit sees only its own tasks: its unit replaces whatever `unit` it asked for. */
export const planTasksRoute = route({
  action: 'task:listByPlan',
  params: PlanTasksParams,
  query: PlanTasksQuery,
  handle: async ({ params, query, onlyUnit }) => {
    const plan = await getPlanSummary(params.planId);
    if (!plan) throw planNotFound(params.planId);
    const page = await listPlanTasks({
      planId: plan.planId,
      year: plan.year,
      goalId: query.goal,
      unitId: onlyUnit ?? query.unit,
      status: query.status,
      dueAfter: query.dueAfter,
      dueBefore: query.dueBefore,
      limit: query.limit,
      startKey: query.cursor,
    });
    return json(200, listBody(page));
  },
});

export const unitTasksRoute = route({
  action: 'task:listByUnit',
  params: UnitTasksParams,
  query: UnitTasksQuery,
  resource: (params) => ({ unitId: params.unitId }),
  handle: async ({ params, query }) => {
    const page = await listUnitTasks({
      unitId: params.unitId,
      year: query.year,
      status: query.status,
      dueAfter: query.dueAfter,
      dueBefore: query.dueBefore,
      limit: query.limit,
      startKey: query.cursor,
    });
    return json(200, listBody(page));
  },
});

/** The id names the task's unit, so another unit's task is refused (as 404) before anything is read. */
export const taskRoute = route({
  action: 'task:read',
  params: TaskParams,
  resource: (params) => ({ unitId: parseTaskId(params.taskId)?.unitId }),
  handle: async ({ params }) => {
    const task = await getTask(params.taskId);
    if (!task) throw notFound();
    // The version is what a later update sends back in If-Match.
    return json(200, task, { etag: `"${task.version}"` });
  },
});

function listBody(page: Page<Task>) {
  return { items: page.items, nextCursor: encodeCursor(page.lastKey) };
}
