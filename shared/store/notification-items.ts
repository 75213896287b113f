import type { Item } from './batch.js';
import { keys } from './keys.js';

/**
 * An outbox entry in an inbox (`INBOX#<inbox>`: a unit id, or `_admin` / `_leaders`): `GET /me/notifications`
 * lists it, the outbox relay sends it on. `unitId` names the inbox.
 */
export interface Notification {
  notificationId: string;
  unitId: string;
  /** What produced it: `breakdown`, or the task event type (`closeout_requested`, …). */
  kind: string;
  /** Bilingual, English first: "… / …". */
  title: string;
  body: string;
  planId: string;
  /** Breakdown notifications. */
  revision?: number;
  executionId?: string;
  counts?: Record<string, number>;
  /** Task notifications. */
  taskId?: string;
  read: boolean;
  createdAt: string;
}

/** `at` orders the inbox; with the notification id it must be the same on a retry, so it is not "now". */
export function notificationItem(notification: Notification, at: string): Item {
  return { ...keys.notification(notification.unitId, at, notification.notificationId), entity: 'notification', ...notification };
}

/** The id the API shows for a notification: its place in the inbox (`<at>#<notificationId>`). */
export function notificationRef(item: Item): string {
  return (item.sk as string).slice('NOTE#'.length);
}

const itemOnly = new Set(['pk', 'sk', 'entity']);
/** The order fields are shown in: DynamoDB returns attributes in no particular order. */
const fieldOrder = ['notificationId', 'unitId', 'kind', 'title', 'body', 'planId', 'taskId', 'revision', 'executionId', 'counts', 'read', 'readAt', 'createdAt'];

/** A notification as the API shows it: its inbox place as `id`, then its fields in a fixed order. */
export function fromNotificationItem(item: Item): Notification & { id: string } {
  const rest = Object.fromEntries(Object.entries(item).filter(([name]) => !itemOnly.has(name)));
  const ordered = Object.fromEntries(fieldOrder.filter((name) => name in rest).map((name) => [name, rest[name]]));
  return { id: notificationRef(item), ...ordered, ...rest } as Notification & { id: string };
}
