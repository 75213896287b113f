import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock/clock.js';
import { Conflict, Forbidden, NotFound, StaleVersion } from '../domain/errors.js';
import { checkExtensionRequest, extensionId, parseExtensionId } from '../domain/extension.js';
import { actorsOf } from '../domain/lifecycle.js';
import { extendedMilestones } from '../domain/milestones.js';
import type { Task } from '../domain/task.js';
import { ADMIN_INBOX } from '../notify/inboxes.js';
import { taskMessage } from '../notify/task-messages.js';
import { extensionItem, getExtension, type Extension } from '../store/extension-items.js';
import { keys } from '../store/keys.js';
import { tableName } from '../store/table.js';
import { getTaskForChange } from '../store/task-changes.js';
import { actorName } from './actor.js';
import { planSettings } from './plan-settings.js';
import { commitUnderFreeze, frozenFor, taskAtVersion, type TaskRequest } from './task-actions.js';
import { viewOf, type TaskView } from './task-view.js';

/** 延期申请: the unit asks before its deadline; the task records the pending request, the bureau is told. */
export async function requestExtension(request: TaskRequest, ask: { to: string; reason: string }): Promise<{ extension: Extension; task: TaskView }> {
  const current = await taskAtVersion(request.taskId, request.expectedVersion);
  const { task } = current;
  const frozen = await frozenFor(task.year, request.principal);
  if (!actorsOf(request.principal, task).includes('owner')) {
    throw new Forbidden('Only the task’s own unit may ask for an extension', '只有任务的责任单位可以申请延期');
  }
  const settings = await planSettings(task.planId, request.clock);
  checkExtensionRequest(task, ask, settings.today);

  const n = (task.extensionRequests ?? 0) + 1;
  const at = request.clock.now().toISOString();
  const by = actorName(request.principal);
  const extension: Extension = {
    extensionId: extensionId(task.id, n),
    taskId: task.id,
    planId: task.planId,
    unitId: task.unitId,
    status: 'pending',
    from: task.deadline,
    to: ask.to,
    reason: ask.reason,
    requestedBy: by,
    requestedAt: at,
  };
  const { task: changed } = await commitUnderFreeze(
    {
      current,
      changes: { pendingExtension: extension.extensionId, extensionRequests: n },
      event: { type: 'extension_requested', from: { deadline: task.deadline }, to: { deadline: ask.to }, reason: ask.reason, extensionId: extension.extensionId },
      by,
      at,
      tracking: settings.tracking,
      notifications: [
        { unitId: ADMIN_INBOX, kind: 'extension_requested', ...taskMessage('extension_requested', task, { reason: ask.reason, deadline: ask.to }), planId: task.planId, taskId: task.id },
      ],
      extra: [
        {
          write: { Put: { TableName: tableName(), Item: extensionItem(extension, n), ConditionExpression: 'attribute_not_exists(pk)' } },
          onConditionFailed: () => new Conflict(`Extension ${extension.extensionId} already exists`, `延期申请 ${extension.extensionId} 已存在`),
        },
      ],
    },
    request.principal,
    frozen,
  );
  return { extension, task: viewOf(changed, settings) };
}

/** Attempts when the task changes between reading it and deciding (a report arriving meanwhile). */
const DECISION_ATTEMPTS = 3;

/**
 * The bureau approves (the deadline moves, the plan's date is kept as `originalDeadline`) or refuses.
 * The request must still be pending: deciding twice is a 409, never a second change.
 */
export async function decideExtension(input: { extensionId: string; principal: Principal; approve: boolean; note?: string | undefined; clock: Clock }): Promise<{ extension: Extension; task: TaskView }> {
  const ref = parseExtensionId(input.extensionId);
  const notFound = new NotFound(`Extension ${input.extensionId} not found`, `未找到延期申请 ${input.extensionId}`);
  if (!ref) throw notFound;
  for (let attempt = 1; ; attempt++) {
    const [extension, current] = await Promise.all([getExtension(ref.taskId, ref.n), getTaskForChange(ref.taskId)]);
    if (!extension || !current) throw notFound;
    if (extension.status !== 'pending') throw alreadyDecided(extension);
    try {
      return await decide(extension, ref.n, current, input);
    } catch (error) {
      if (!(error instanceof StaleVersion) || attempt >= DECISION_ATTEMPTS) throw error;
    }
  }
}

async function decide(
  extension: Extension,
  n: number,
  current: NonNullable<Awaited<ReturnType<typeof getTaskForChange>>>,
  input: { principal: Principal; approve: boolean; note?: string | undefined; clock: Clock },
) {
  const { task } = current;
  const frozen = await frozenFor(task.year, input.principal);
  const settings = await planSettings(task.planId, input.clock);
  const at = input.clock.now().toISOString();
  const by = actorName(input.principal);
  const status = input.approve ? 'approved' : 'refused';
  const type = input.approve ? 'extension_approved' : 'extension_refused';
  const changes: Partial<Record<keyof Task, unknown>> = input.approve
    ? {
        deadline: extension.to,
        originalDeadline: task.originalDeadline ?? task.deadline,
        pendingExtension: undefined,
        // The whole target is due on the new deadline: the extended task is not behind the old one.
        ...(task.milestones.length > 0 ? { milestones: extendedMilestones(task.milestones, task.deadline, extension.to) } : {}),
      }
    : { pendingExtension: undefined };
  const deadline = input.approve ? extension.to : task.deadline;
  const decided: Extension = { ...extension, status, decidedBy: by, decidedAt: at, ...(input.note ? { note: input.note } : {}) };

  const { task: changed } = await commitUnderFreeze(
    {
      current,
      changes,
      event: {
        type,
        from: { deadline: task.deadline },
        to: { deadline },
        extensionId: extension.extensionId,
        ...(input.note ? { reason: input.note } : {}),
      },
      by,
      at,
      tracking: settings.tracking,
      notifications: [
        { unitId: task.unitId, kind: type, ...taskMessage(type, task, { deadline, ...(input.note ? { reason: input.note } : {}) }), planId: task.planId, taskId: task.id },
      ],
      extra: [
        {
          write: {
            Update: {
              TableName: tableName(),
              Key: keys.extension(task.id, n),
              UpdateExpression: `SET #status = :status, decidedBy = :by, decidedAt = :at${input.note ? ', note = :note' : ''} REMOVE gsi1pk, gsi1sk`,
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': status, ':by': by, ':at': at, ':pending': 'pending', ...(input.note ? { ':note': input.note } : {}) },
            },
          },
          onConditionFailed: () => alreadyDecided(extension),
        },
      ],
    },
    input.principal,
    frozen,
  );
  return { extension: decided, task: viewOf(changed, settings) };
}

function alreadyDecided(extension: Extension): Conflict {
  return new Conflict(`Extension ${extension.extensionId} has already been decided`, `延期申请 ${extension.extensionId} 已经审批过`);
}
