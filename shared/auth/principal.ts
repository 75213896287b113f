import * as z from 'zod';
import { slug } from '../domain/ids.js';

export const roles = ['admin', 'reviewer', 'unit', 'viewer'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/**
 * Who is calling, as the authorizer resolved it from the bearer token and handed it to every route in
 * `requestContext.authorizer.lambda`. `subject` names the token (not the secret) for audit fields.
 */
export const Principal = z
  .object({
    role: Role,
    unitId: slug.optional(),
    subject: z.string().min(1).max(64).optional(),
  })
  .refine((p) => (p.role !== 'unit' && p.role !== 'reviewer') || p.unitId !== undefined, { message: 'a unit or reviewer principal needs its unitId' });
export type Principal = z.infer<typeof Principal>;
