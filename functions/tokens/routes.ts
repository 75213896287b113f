import { hashToken, newToken } from '../../shared/auth/token.js';
import { systemClock } from '../../shared/clock/clock.js';
import { jsonBody } from '../../shared/http/body.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { createToken } from '../../shared/store/tokens-repo.js';
import { CreateTokenBody } from './schema.js';

/** The secret is answered once, here; only its hash is stored. */
export const createTokenRoute = route({
  action: 'token:create',
  body: jsonBody(CreateTokenBody),
  handle: async ({ body, principal }) => {
    const token = newToken();
    const record = await createToken(
      {
        tokenHash: hashToken(token),
        role: body.role,
        ...(body.unitId ? { unitId: body.unitId } : {}),
        ...(body.label ? { label: body.label } : {}),
        createdBy: principal.subject ?? principal.role,
      },
      systemClock,
    );
    return json(201, {
      token,
      role: record.role,
      unitId: record.unitId ?? null,
      label: record.label ?? null,
      createdAt: record.createdAt,
    });
  },
});
