import { systemClock } from '../../shared/clock/clock.js';
import { parseTaskId } from '../../shared/domain/task.js';
import { jsonBody } from '../../shared/http/body.js';
import { encodeCursor } from '../../shared/http/cursor.js';
import { etagOf, expectedVersion } from '../../shared/http/preconditions.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { listPendingExtensions } from '../../shared/store/extension-items.js';
import { decideExtension, requestExtension } from '../../shared/tasks/extensions.js';
import { DecisionBody, ExtensionBody, ExtensionParams, ExtensionsQuery, TaskParams } from './schema.js';

/** 延期申请: answers the request and the task, which now names it as pending. */
export const requestExtensionRoute = route({
  action: 'task:requestExtension',
  params: TaskParams,
  body: jsonBody(ExtensionBody),
  resource: (params) => ({ unitId: parseTaskId(params.taskId)?.unitId }),
  handle: async ({ params, body, principal, event }) => {
    const { extension, task } = await requestExtension(
      { taskId: params.taskId, principal, expectedVersion: expectedVersion(event, body.version), clock: systemClock },
      { to: body.to, reason: body.reason },
    );
    return json(201, { ...extension, task }, { etag: etagOf(task.version) });
  },
});

export const decideExtensionRoute = route({
  action: 'extension:decide',
  params: ExtensionParams,
  body: jsonBody(DecisionBody),
  handle: async ({ params, body, principal }) => {
    const { extension, task } = await decideExtension({ extensionId: params.extensionId, principal, approve: body.approve, note: body.note, clock: systemClock });
    return json(200, { ...extension, task });
  },
});

export const pendingExtensionsRoute = route({
  action: 'extension:list',
  query: ExtensionsQuery,
  handle: async ({ query }) => {
    const page = await listPendingExtensions({ limit: query.limit, startKey: query.cursor });
    return json(200, { items: page.items, nextCursor: encodeCursor(page.lastKey) });
  },
});
