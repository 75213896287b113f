import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { chainEvent, nextPrevHash, type AuditHead, type ChainedEvent } from '../domain/audit-chain.js';
import { RetryableError, StaleVersion, type DomainError } from '../domain/errors.js';
import type { Task } from '../domain/task.js';
import type { TaskEvent } from '../domain/task-event.js';
import type { Item } from './batch.js';
import { openTaskKeys, type CheckTracking } from './check-dates.js';
import { dynamo } from './client.js';
import { updateOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import { ledgerAppendOf } from './ledger.js';
import { notificationItem, type Notification } from './notification-items.js';
import { summaryDeltaWrites } from './plan-summary.js';
import { tableName } from './table.js';
import { auditHeadOf, fromTaskItem, taskEventItem } from './task-items.js';

/** A task as read for a change: the task, and the head of its audit chain. */
export interface TaskForChange {
  task: Task;
  auditHead: AuditHead | undefined;
}

/** Another item written in the change's transaction, with what its failed condition means. */
export interface ExtraWrite {
  write: Record<string, unknown>;
  /** The error to answer when this item's condition fails (e.g. the extension was decided meanwhile); none for an unconditional write. */
  onConditionFailed?: () => DomainError;
}

export interface TaskChange {
  current: TaskForChange;
  /** Task fields that change (`undefined` removes one); status, deadline and the like move the indexes along. */
  changes: Partial<Record<keyof Task, unknown>>;
  event: Pick<TaskEvent, 'type' | 'from' | 'to' | 'reason'> & Record<string, unknown>;
  by: string;
  at: string;
  notifications?: Omit<Notification, 'notificationId' | 'createdAt' | 'read'>[];
  extra?: ExtraWrite[];
  /** The plan's tracking: the changed task's check date, its key on gsi3 (shared/store/check-dates.ts). */
  tracking: CheckTracking;
}

export interface CommittedChange {
  task: Task;
  event: ChainedEvent;
}

/** Consistent: a change is decided on what is stored now. */
export async function getTaskForChange(taskId: string): Promise<TaskForChange | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.task(taskId), ConsistentRead: true }));
  return Item ? { task: fromTaskItem(Item), auditHead: auditHeadOf(Item) } : undefined;
}

/**
 * Writes one change of a task in one TransactWriteItems: the task (conditioned on the version it was
 * read at, with its audit head moved on), the event chained to the previous one, the outbox
 * notifications, any extra items and the change's delta to the plan summary's rows. Either all of it is
 * written or none of it: no change without its audit event, no notification without its change, no
 * summary that counts a change twice or not at all.
 */
export async function commitTaskChange(change: TaskChange): Promise<CommittedChange> {
  const { task: current, auditHead } = change.current;
  const version = current.version + 1;
  const event = chainEvent(
    { ...change.event, taskId: current.id, at: change.at, by: change.by, version } as TaskEvent,
    nextPrevHash(current.id, auditHead),
  );
  const task = { ...current, ...change.changes, version, updatedAt: change.at } as Task;
  for (const [name, value] of Object.entries(change.changes)) if (value === undefined) delete (task as unknown as Item)[name];

  const notifications = (change.notifications ?? []).map((notification) =>
    notificationItem({ ...notification, notificationId: `${event.type}-${current.id}-v${version}`, read: false, createdAt: change.at }, change.at),
  );
  const extra = change.extra ?? [];
  const items = [
    { Update: taskUpdate(current, task, { version, hash: event.hash }, change.tracking, ledgerAppendOf(event)) },
    { Put: { TableName: tableName(), Item: taskEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...extra.map((item) => item.write),
    ...notifications.map((Item) => ({ Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
    // Last: the failure codes above are read by position. The plan summary's rows move with the task (decision 0017).
    ...summaryDeltaWrites(current, task, change.tracking.margin),
  ];
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return { task, event };
    } catch (error) {
      const failure = await failureOf(error, current, extra);
      // Another transaction held the task for a moment: ours may simply go through now, or meet its
      // version condition and become a 409. Only after that does the caller hear "try again".
      if (!(failure instanceof RetryableError) || attempt >= COLLISION_ATTEMPTS) throw failure;
      await sleep(COLLISION_BACKOFF_MS * attempt * (0.5 + Math.random()));
    }
  }
}

const COLLISION_ATTEMPTS = 3;
const COLLISION_BACKOFF_MS = 20;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The task's new fields, its version and audit head, and the index keys that follow from them: gsi3 is
 * set to the changed task's check date while it is chased (whatever changed: a report that catches up
 * moves it later, an extension too), removed otherwise. A score-relevant event joins the task's ledger
 * (`ledger`, shared/store/ledger.ts).
 */
function taskUpdate(current: Task, next: Task, auditHead: AuditHead, tracking: CheckTracking, ledger: Record<string, unknown[]>) {
  const changed = Object.keys(next).filter((name) => name !== 'id' && (next as unknown as Item)[name] !== (current as unknown as Item)[name]);
  const removed = Object.keys(current).filter((name) => !(name in next));
  const set: Item = Object.fromEntries(changed.map((name) => [name, (next as unknown as Item)[name]]));
  set.auditHead = auditHead;
  const remove = [...removed];
  if (next.deadline !== current.deadline) Object.assign(set, keys.taskByUnit(next.unitId, next.year, next.deadline, next.id));
  const open = openTaskKeys(next, tracking);
  if (open) Object.assign(set, open);
  else remove.push('gsi3pk', 'gsi3sk');
  const update = updateOf(set, remove, ledger);
  return {
    TableName: tableName(),
    Key: keys.task(current.id),
    ...update,
    ConditionExpression: '#expectedVersion = :expectedVersion',
    ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#expectedVersion': 'version' },
    ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedVersion': current.version },
  };
}

/** Which part of the transaction refused it, in the caller's terms. */
async function failureOf(error: unknown, current: Task, extra: ExtraWrite[]): Promise<Error> {
  const codes = cancellationCodes(error);
  if (!codes) return error as Error;
  if (codes[0] === 'ConditionalCheckFailed') {
    const now = await getTaskForChange(current.id);
    return new StaleVersion(now?.task.version ?? current.version);
  }
  const extraFailed = extra.findIndex((_, i) => codes[2 + i] === 'ConditionalCheckFailed');
  const onConditionFailed = extraFailed >= 0 ? extra[extraFailed]!.onConditionFailed : undefined;
  if (onConditionFailed) return onConditionFailed();
  if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
    return new RetryableError(`the change of task ${current.id} collided with another write`, { cause: error });
  }
  return error as Error;
}
