import { parseTaskId } from '../../shared/domain/task.js';
import { encodeCursor } from '../../shared/http/cursor.js';
import { notFound, planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { getTask, listPlanTasks, listUnitTasks, type Page } from '../../shared/store/task-queries.js';
import type { Task } from '../../shared/domain/task.js';
import { systemClock } from '../../shared/clock/clock.js';
import { etagOf } from '../../shared/http/preconditions.js';
import { listTaskEvents } from '../../shared/store/task-history.js';
import { viewsOf } from '../../shared/tasks/task-view.js';
import { HistoryQuery, MyTasksQuery, PlanTasksParams, PlanTasksQuery, TaskParams, UnitTasksParams, UnitTasksQuery } from './schema.js';

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
    return json(200, await listBody(page));
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
    return json(200, await listBody(page));
  },
});

/**
 * A unit's (or a lead department's) own tasks with their lights. The light depends on today, so it is a
 * filter after the read: a page may hold fewer than `limit` and still have a next one.
 */
export const myTasksRoute = route({
  action: 'me:tasks',
  query: MyTasksQuery,
  handle: async ({ query, principal }) => {
    const page = await listUnitTasks({
      unitId: principal.unitId!,
      year: query.year,
      status: query.status,
      dueAfter: query.dueAfter,
      dueBefore: query.dueBefore,
      limit: query.limit,
      startKey: query.cursor,
    });
    const views = await viewsOf(page.items, systemClock);
    return json(200, { items: views.filter((task) => !query.light || task.light === query.light), nextCursor: encodeCursor(page.lastKey) });
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
    const [view] = await viewsOf([task], systemClock);
    // The version is what a later change sends back in If-Match.
    return json(200, view, { etag: etagOf(task.version) });
  },
});

/** `GET /tasks/{id}/history`: the audit events, oldest first, with their hashes (see `audit verify`). */
export const historyRoute = route({
  action: 'task:history',
  params: TaskParams,
  query: HistoryQuery,
  resource: (params) => ({ unitId: parseTaskId(params.taskId)?.unitId }),
  handle: async ({ params, query }) => {
    const task = await getTask(params.taskId);
    if (!task) throw notFound();
    const page = await listTaskEvents(params.taskId, { limit: query.limit, startKey: query.cursor });
    return json(200, { items: page.items, nextCursor: encodeCursor(page.lastKey) });
  },
});

async function listBody(page: Page<Task>) {
  return { items: await viewsOf(page.items, systemClock), nextCursor: encodeCursor(page.lastKey) };
}
