import { systemClock } from '../../shared/clock/clock.js';
import { jsonBody } from '../../shared/http/body.js';
import { encodeCursor } from '../../shared/http/cursor.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { inboxOf } from '../../shared/notify/inboxes.js';
import { listNotifications, markAllRead, markRead } from '../../shared/store/inbox-repo.js';
import { findUnitInPlans } from '../../shared/store/plans-repo.js';
import { MarkReadBody, NotificationsQuery } from './schema.js';

export const notificationsRoute = route({
  action: 'me:notifications',
  query: NotificationsQuery,
  handle: async ({ query, principal }) => {
    const page = await listNotifications(inboxOf(principal), { unread: query.unread, limit: query.limit, startKey: query.cursor });
    return json(200, { items: page.items, nextCursor: encodeCursor(page.lastKey) });
  },
});

export const markReadRoute = route({
  action: 'me:notifications',
  body: jsonBody(MarkReadBody),
  handle: async ({ body, principal }) => {
    const inbox = inboxOf(principal);
    const marked = body.all ? await markAllRead(inbox, systemClock) : await markRead(inbox, body.ids ?? [], systemClock);
    return json(200, { marked });
  },
});

/**
 * Who is signed in: the role, the unit with its name as the newest plan has it, and when the token
 * expires. The web workspace asks it first, to greet the caller and choose its pages.
 */
export const meRoute = route({
  action: 'me:read',
  handle: async ({ principal, event }) => {
    const context = event.requestContext?.authorizer?.lambda as { tokenId?: unknown; expiresAt?: unknown } | undefined;
    const found = principal.unitId === undefined ? undefined : await findUnitInPlans(principal.unitId);
    return json(200, {
      role: principal.role,
      unitId: principal.unitId ?? null,
      unitName: found?.unit.name ?? null,
      unitKind: found?.unit.kind ?? null,
      tokenId: typeof context?.tokenId === 'string' ? context.tokenId : null,
      expiresAt: typeof context?.expiresAt === 'string' ? context.expiresAt : null,
    });
  },
});
