import { systemClock } from '../../shared/clock/clock.js';
import { Organisation } from '../../shared/domain/organisation.js';
import { jsonBody } from '../../shared/http/body.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { getOrganisation, putOrganisation, type StoredOrganisation } from '../../shared/store/settings-repo.js';

/*
 * The bureau's particulars (docs/decisions/0015-organisation-settings.md): served by the plans function,
 * the bureau's other set-once data, rather than by a function of their own.
 */

/** What both routes answer: the particulars, or null for each part before an admin has set them. */
function answer(stored: StoredOrganisation | undefined) {
  return { organisation: stored?.organisation ?? null, updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

export const getOrganisationRoute = route({
  action: 'organisation:read',
  handle: async () => json(200, answer(await getOrganisation())),
});

/** Replaces the particulars as a whole; the next documents published carry them. */
export const putOrganisationRoute = route({
  action: 'organisation:update',
  body: jsonBody(Organisation),
  handle: async ({ body, principal }) => json(200, answer(await putOrganisation(body, principal.subject ?? principal.role, systemClock.now()))),
});
