import * as z from 'zod';
import { slug } from '../../shared/domain/ids.js';
import { Role } from '../../shared/auth/principal.js';

/** `POST /tokens`: a unit token is bound to its unit, a reviewer token to its lead department; others never are. */
export const CreateTokenBody = z
  .strictObject({
    role: Role,
    unitId: slug.optional(),
    label: z.string().trim().min(1).max(100).optional(),
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
  });
