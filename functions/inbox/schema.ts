import * as z from 'zod';
import { cursorParam } from '../../shared/http/cursor.js';
import { limitParam } from '../../shared/http/params.js';
import { bilingual } from '../../shared/domain/zod-problems.js';

/** `GET /me/notifications?unread=true&limit=&cursor=` */
export const NotificationsQuery = z.strictObject({
  unread: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  limit: limitParam,
  cursor: cursorParam.optional(),
});

/** A notification's `id` as the list shows it: `<ISO time>#<notificationId>`. */
const notificationRef = z
  .string()
  .max(200)
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w.:~-]+$/, bilingual('pattern', 'Must be an id from the notification list', '应为通知列表中的 id'));

/** `POST /me/notifications/read`: some ids, or all of the caller's unread notifications. */
export const MarkReadBody = z
  .strictObject({
    ids: z.array(notificationRef).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .refine(
    (body) => (body.ids === undefined) !== (body.all === undefined),
    bilingual('one_of', 'Give either ids or all: true', '请提供 ids 或 all: true 其中之一', ['ids']),
  );
