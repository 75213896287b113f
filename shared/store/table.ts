import { requireEnv } from '../config/env.js';

/**
 * The one table's name. Read on each call rather than cached: handler modules already fail fast on a
 * missing `TABLE_NAME` at load, and tests set it (per file) before calling the store.
 */
export function tableName(): string {
  return requireEnv('TABLE_NAME').TABLE_NAME;
}

/** Index names, as synthesized by the stateful stack (see docs/architecture.md for what each serves). */
export const indexes = { byPlan: 'gsi1', byUnit: 'gsi2', openByDue: 'gsi3' } as const;
