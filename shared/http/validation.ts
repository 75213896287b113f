import type * as z from 'zod';
import { InvalidInput } from '../domain/errors.js';
import type { Problem } from '../domain/problem.js';
import { problemsFromZodIssues, unknownInput } from '../domain/zod-problems.js';

/** Where a value came from; named in a problem only when the whole value is wrong (e.g. no body at all). */
export type Location = 'path' | 'query' | 'body';

/**
 * Parses `input` with `schema` or throws InvalidInput naming every field at once, with the rules of
 * plan problems (shared/domain/zod-problems.ts). Field paths are the plain names (`limit`,
 * `goals[3].deadline`): query, path and body names never overlap in one route.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, location: Location): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInput(problemsFromZodIssues(result.error.issues, input, { root: location }));
}

/**
 * The problems of a ZodError caught away from its input (a `.parse` below the router): the same rules,
 * but values are not quoted, and a missing value is reported as one of the wrong type.
 */
export function problemsFromZod(error: z.ZodError, location: Location): Problem[] {
  return problemsFromZodIssues(error.issues, unknownInput, { root: location });
}
