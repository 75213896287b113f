import type { Principal } from '../auth/principal.js';

/** Inboxes that belong to a role rather than a unit; unit ids are slugs, so these never collide with one. */
export const ADMIN_INBOX = '_admin';
export const LEADERS_INBOX = '_leaders';

/** Whose notifications a caller reads: a unit's (units and lead departments), the bureau's, or the leaders'. */
export function inboxOf(principal: Principal): string {
  if (principal.unitId !== undefined) return principal.unitId;
  return principal.role === 'viewer' ? LEADERS_INBOX : ADMIN_INBOX;
}
