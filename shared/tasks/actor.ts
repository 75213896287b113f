import type { Principal } from '../auth/principal.js';

/** Who made a change, for the audit trail: role, unit and the token's subject (`unit:hushan/tok-…`). */
export function actorName(principal: Principal): string {
  const who = principal.unitId ? `${principal.role}:${principal.unitId}` : principal.role;
  return principal.subject ? `${who}/${principal.subject}` : who;
}
