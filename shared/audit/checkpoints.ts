import type { Clock } from '../clock/clock.js';
import { makeCheckpoint, parseCheckpoint, type Checkpoint } from '../domain/audit-checkpoint.js';
import { readChainHeads } from '../store/audit-repo.js';
import { tableName } from '../store/table.js';

/**
 * Where checkpoints of the audit trail are kept (docs/decisions/0012-audit-checkpoints.md): on AWS the audit
 * bucket, whose Object Lock (compliance mode) keeps every object as first written; locally files under
 * `$DATA_DIR/audit/checkpoints/`, each created once and never rewritten. One object per checkpoint,
 * `audit/checkpoints/<table>/<at>.json`: per table, so that a checkpoint is only ever compared with the table
 * it was taken of (a data dir serves tables of several names over time, tests too), and the time in UTC
 * without colons, so that names sort as times and are valid file names everywhere.
 */
export interface CheckpointStore {
  /** Writes the object once (never over an existing one); its location (`s3://…` or a file path). */
  write(key: string, body: string): Promise<string>;
  /** The text of the object with the greatest checkpoint name under the prefix, if any. */
  newest(prefix: string): Promise<{ text: string; location: string } | undefined>;
}

export const CHECKPOINTS_PREFIX = 'audit/checkpoints/';
const NAME = /^\d{4}-\d{2}-\d{2}T\d{6}\.\d{3}Z\.json$/;

/** The prefix of a table's checkpoints. */
export function checkpointsOf(table: string): string {
  return `${CHECKPOINTS_PREFIX}${table}/`;
}

export function checkpointKey(table: string, at: string): string {
  return `${checkpointsOf(table)}${at.replace(/:/g, '')}.json`;
}

/** Whether a name under a table's prefix is a checkpoint's (and not, say, a leftover of a write). */
export function isCheckpointName(name: string): boolean {
  return NAME.test(name);
}

/** What the CLI and the chase report of a checkpoint. */
export interface CheckpointSummary {
  at: string;
  chains: number;
  root: string;
  location: string;
}

/** Reads the head of every chain of the table (`TABLE_NAME`), now, and keeps them as a checkpoint. */
export async function takeCheckpoint(store: CheckpointStore, clock: Clock): Promise<CheckpointSummary> {
  // The time before the reads: every head recorded is at least as new as it.
  const at = clock.now().toISOString();
  const checkpoint = makeCheckpoint(at, await readChainHeads());
  const location = await store.write(checkpointKey(tableName(), at), `${JSON.stringify(checkpoint)}\n`);
  return { at, chains: checkpoint.chains, root: checkpoint.root, location };
}

/** The table's newest checkpoint; `DamagedCheckpoint` when it is not a sound one (its root is not that of its heads). */
export async function newestCheckpoint(store: CheckpointStore): Promise<{ checkpoint: Checkpoint; location: string } | undefined> {
  const newest = await store.newest(checkpointsOf(tableName()));
  if (!newest) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(newest.text);
  } catch {
    parsed = undefined;
  }
  const checkpoint = parseCheckpoint(parsed);
  if (!checkpoint) throw new DamagedCheckpoint(newest.location);
  return { checkpoint, location: newest.location };
}

export class DamagedCheckpoint extends Error {
  constructor(readonly location: string) {
    super(`checkpoint ${location} is damaged: it is not the JSON of a checkpoint, or its root is not that of its chains`);
    this.name = 'DamagedCheckpoint';
  }
}
