import * as z from 'zod';
import { slug, isoDate } from '../../shared/domain/ids.js';
import { Role } from '../../shared/auth/principal.js';
import { singleLine } from '../../shared/domain/text.js';
import { MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { tokenIdPattern } from '../../shared/auth/token.js';

/** `2027-06-30` (the end of that day, China time) or an instant with its offset. */
const expiryText = z.union([isoDate, z.iso.datetime({ offset: true })]).meta({
  description: 'A last day (YYYY-MM-DD: the token works until the end of it, China time) or an instant with offset',
});

/**
 * `POST /tokens`: a unit token is bound to its unit, a reviewer token to its lead department; others never
 * are. The lifetime is the role's default unless `expiresInDays` or `expiresAt` (not both) says otherwise.
 */
export const CreateTokenBody = z
  .strictObject({
    role: Role,
    unitId: slug.optional(),
    label: z.string().trim().min(1).max(100).superRefine(singleLine).optional(),
    expiresInDays: z.number().int().min(1).max(MAX_LIFETIME_DAYS).optional(),
    expiresAt: expiryText.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.role === 'unit' || body.role === 'reviewer') && body.unitId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitId'],
        message: body.role === 'unit' ? 'A unit token needs the unit it belongs to' : 'A reviewer token needs the lead department it reviews for',
        params: { rule: 'required', messageZh: body.role === 'unit' ? '单位令牌必须指定所属单位' : '审核令牌必须指定其牵头部门' },
      });
    }
    if ((body.role === 'admin' || body.role === 'viewer') && body.unitId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitId'],
        message: `A ${body.role} token is not bound to a unit`,
        params: { rule: 'not_allowed', messageZh: '该角色的令牌不能指定单位' },
      });
    }
    if (body.expiresInDays !== undefined && body.expiresAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: 'Give either expiresInDays or expiresAt, not both',
        params: { rule: 'exclusive', messageZh: 'expiresInDays 与 expiresAt 只能指定其一' },
      });
    }
  });

/** `GET /tokens`: every token, or those of one unit and/or role. */
export const ListTokensQuery = z.strictObject({ unitId: slug.optional(), role: Role.optional() });

export const TokenParams = z.strictObject({
  tokenId: z.string().regex(tokenIdPattern).meta({ description: 'The token’s public id: 12 lower-case hex digits' }),
});
