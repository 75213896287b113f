import { s3CheckpointStore } from '../../../shared/audit/checkpoint-objects.js';
import { takeCheckpoint } from '../../../shared/audit/checkpoints.js';
import { systemClock } from '../../../shared/clock/clock.js';
import { requireEnv } from '../../../shared/config/env.js';

// Fail at load, not at the first execution, when the table or the audit bucket is not configured.
const { AUDIT_BUCKET } = requireEnv('TABLE_NAME', 'AUDIT_BUCKET');

/**
 * WriteCheckpoint: the head of every task's audit chain, now, hashed into one root and put once into the
 * write-once audit bucket (docs/decisions/0012-audit-checkpoints.md); `{ at, chains, root, location }`.
 * A retry writes a checkpoint of its own moment: every checkpoint is a true record of when it was taken.
 */
export const handler = async () => takeCheckpoint(s3CheckpointStore(AUDIT_BUCKET), systemClock);
