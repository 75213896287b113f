import * as z from 'zod';

/**
 * The plan vocabulary's primitives, apart from the plan schema: modules that only check an id or name a
 * unit set (the authorizer, request params, error wording) import these without building the whole plan
 * schema at load.
 */
export const slugPattern = /^[a-z0-9][a-z0-9-]*$/;

/** Ids are slugs so that a task id (`plan.goal.unit`) is URL-safe and unambiguous. */
export const slug = z
  .string()
  .min(1)
  .max(48)
  .regex(slugPattern, { message: 'must be lowercase letters, digits and hyphens' });

export const isoDate = z.iso.date();

/** The named unit sets: `towns` covers towns and streets (镇/街道), `departments` the departments. */
export const unitSetNames = ['towns', 'departments', 'all'] as const;

/** A unit's tag is one word (沿海, villages): no spaces or the separators of a workbook list. */
export const tagPattern = /^[^\s、,，;；:：]+$/;
