import { systemClock } from '../../shared/clock/clock.js';
import { parseTaskId } from '../../shared/domain/task.js';
import { jsonBody } from '../../shared/http/body.js';
import { etagOf, expectedVersion } from '../../shared/http/preconditions.js';
import { json } from '../../shared/http/response.js';
import { route, type RouteInput } from '../../shared/http/router.js';
import { closeTask, reopenTask, reportProgress, requestCloseout, reviewCloseout, type TaskRequest } from '../../shared/tasks/task-actions.js';
import type { TaskView } from '../../shared/tasks/task-view.js';
import { NoteBody, ReopenBody, ReportBody, ReviewBody, TaskParams } from './schema.js';

/*
 * The lifecycle routes (docs/architecture.md, "Tasks: lifecycle, light and changes"): each validates its body,
 * reads the caller's version, and hands over to one use case in shared/tasks. A unit never reaches
 * another unit's task: `authorize` hides it (404) before anything is read.
 */

const taskOfId = (params: { taskId: string }) => ({ unitId: parseTaskId(params.taskId)?.unitId });

function requestOf(input: RouteInput<{ taskId: string }, unknown, { version?: number | undefined; on?: string | undefined } | undefined>): TaskRequest {
  return {
    taskId: input.params.taskId,
    principal: input.principal,
    expectedVersion: expectedVersion(input.event, input.body?.version),
    clock: systemClock,
    ...(input.body?.on === undefined ? {} : { on: input.body.on }),
  };
}

function changed(task: TaskView) {
  return json(200, task, { etag: etagOf(task.version) });
}

export const reportRoute = route({
  action: 'task:report',
  params: TaskParams,
  body: jsonBody(ReportBody),
  resource: taskOfId,
  handle: async (input) => {
    const { version: _version, ...report } = input.body;
    return changed(await reportProgress(requestOf(input), report));
  },
});

export const closeoutRoute = route({
  action: 'task:requestCloseout',
  params: TaskParams,
  body: jsonBody(NoteBody),
  resource: taskOfId,
  handle: async (input) => changed(await requestCloseout(requestOf(input), input.body?.note)),
});

export const reviewRoute = route({
  action: 'task:review',
  params: TaskParams,
  body: jsonBody(ReviewBody),
  resource: taskOfId,
  handle: async (input) => changed(await reviewCloseout(requestOf(input), input.body.decision, input.body.reason)),
});

export const closeRoute = route({
  action: 'task:close',
  params: TaskParams,
  body: jsonBody(NoteBody),
  resource: taskOfId,
  handle: async (input) => changed(await closeTask(requestOf(input), input.body?.note)),
});

export const reopenRoute = route({
  action: 'task:reopen',
  params: TaskParams,
  body: jsonBody(ReopenBody),
  resource: taskOfId,
  handle: async (input) => changed(await reopenTask(requestOf(input), input.body.reason)),
});
