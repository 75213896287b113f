import { randomBytes } from 'node:crypto';
import { systemClock } from '../../shared/clock/clock.js';
import { requireEnv } from '../../shared/config/env.js';
import { parseTaskId } from '../../shared/domain/task.js';
import { objectStore } from '../../shared/evidence/object-store.js';
import { jsonBody } from '../../shared/http/body.js';
import { notFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { createEvidence, getEvidence, type EvidenceRecord } from '../../shared/store/evidence-repo.js';
import { getTask } from '../../shared/store/task-queries.js';
import { actorName } from '../../shared/tasks/actor.js';
import { EvidenceBody, EvidenceParams, TaskParams } from './schema.js';

/*
 * Evidence files (docs/architecture.md, "HTTP API: every route"): the function only signs. The unit PUTs the
 * file straight to the bucket with the URL it gets here; S3 refuses any other size, type or content,
 * because all three are in the signature. Downloads are presigned GETs, short-lived.
 */

const { EVIDENCE_BUCKET } = requireEnv('EVIDENCE_BUCKET');

/** Every evidence object lives under this prefix: the functions' policy allows put and get there only. */
const EVIDENCE_PREFIX = 'evidence/';

const taskOfId = (params: { taskId: string }) => ({ unitId: parseTaskId(params.taskId)?.unitId });

export const attachEvidenceRoute = route({
  action: 'task:attachEvidence',
  params: TaskParams,
  body: jsonBody(EvidenceBody),
  resource: taskOfId,
  handle: async ({ params, body, principal }) => {
    const task = await getTask(params.taskId);
    if (!task) throw notFound();
    const evidenceId = newEvidenceId();
    const record: EvidenceRecord = {
      evidenceId,
      taskId: task.id,
      fileName: body.fileName,
      contentType: body.contentType,
      size: body.size,
      sha256: body.sha256,
      key: evidenceKey(task.id, evidenceId),
      uploadedBy: actorName(principal),
      createdAt: systemClock.now().toISOString(),
    };
    // Signed before the record is written: a failure to sign leaves nothing behind.
    const upload = await objectStore.presignUpload({
      bucket: EVIDENCE_BUCKET,
      key: record.key,
      contentType: record.contentType,
      size: record.size,
      sha256Hex: record.sha256,
    });
    await createEvidence(record);
    const { evidenceId: id, fileName, contentType, size, sha256 } = record;
    return json(201, { evidenceId: id, fileName, contentType, size, sha256, upload }, { location: `/tasks/${task.id}/evidence/${id}` });
  },
});

export const evidenceDownloadRoute = route({
  action: 'task:readEvidence',
  params: EvidenceParams,
  resource: taskOfId,
  handle: async ({ params }) => {
    const record = await getEvidence(params.taskId, params.evidenceId);
    if (!record) throw notFound();
    const download = await objectStore.presignDownload({
      bucket: EVIDENCE_BUCKET,
      key: record.key,
      fileName: record.fileName,
      contentType: record.contentType,
    });
    // The bucket key is ours; everything else the record says is the caller's to see.
    const { key: _key, ...visible } = record;
    return json(200, { ...visible, download });
  },
});

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `ev-` and 26 random base32 characters (130 bits): unguessable, and a fixed shape the schema checks. */
export function newEvidenceId(): string {
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  return `ev-${[...randomBytes(26)].map((byte) => BASE32[byte & 31]).join('')}`;
}

export function evidenceKey(taskId: string, evidenceId: string): string {
  return `${EVIDENCE_PREFIX}${taskId}/${evidenceId}`;
}
