import type { Item } from './batch.js';
import { keys } from './keys.js';

/** An outbox entry in a unit's inbox (`INBOX#<unitId>`): the dashboard lists it, the outbox relay sends it on. */
export interface Notification {
  notificationId: string;
  unitId: string;
  /** What produced it, e.g. `breakdown`. */
  kind: string;
  /** Bilingual, English first: "… / …". */
  title: string;
  body: string;
  planId: string;
  revision: number;
  executionId: string;
  counts: Record<string, number>;
  read: boolean;
  createdAt: string;
}

/** `at` orders the inbox; with the notification id it must be the same on a retry, so it is not "now". */
export function notificationItem(notification: Notification, at: string): Item {
  return { ...keys.notification(notification.unitId, at, notification.notificationId), entity: 'notification', ...notification };
}
