import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, type Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/**
 * A file attached to a task: what the unit said it would upload, and where. The record is written when
 * the upload URL is handed out; the URL's signature binds the upload to exactly this size, type and SHA-256.
 */
export interface EvidenceRecord {
  evidenceId: string;
  taskId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** 64 lowercase hex digits. */
  sha256: string;
  /** The object's key in the evidence bucket. */
  key: string;
  uploadedBy: string;
  createdAt: string;
}

/** Fails (ConditionalCheckFailedException) if the id is already taken: 130 random bits never collide, so only a bug would. */
export async function createEvidence(record: EvidenceRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.evidence(record.taskId, record.evidenceId), entity: 'evidence', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Consistent: a unit reads its evidence back (or reports with it) right after asking for the upload URL. */
export async function getEvidence(taskId: string, evidenceId: string): Promise<EvidenceRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: keys.evidence(taskId, evidenceId), ConsistentRead: true }),
  );
  return Item ? fromEvidenceItem(Item) : undefined;
}

/**
 * The ids among `evidenceIds` that have no evidence record on this task (each named once, in the order
 * given); empty when every one exists. One consistent BatchGetItem per 100 ids.
 */
export async function missingEvidence(taskId: string, evidenceIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(evidenceIds)];
  if (unique.length === 0) return [];
  const found = await batchGetAll(
    unique.map((evidenceId) => keys.evidence(taskId, evidenceId)),
    { consistentRead: true, projection: ['evidenceId'] },
  );
  const present = new Set(found.map((item) => item.evidenceId as string));
  return unique.filter((evidenceId) => !present.has(evidenceId));
}

/** The record in a fixed field order, without the keys and the entity tag. */
export function fromEvidenceItem(item: Item): EvidenceRecord {
  return {
    evidenceId: item.evidenceId as string,
    taskId: item.taskId as string,
    fileName: item.fileName as string,
    contentType: item.contentType as string,
    size: item.size as number,
    sha256: item.sha256 as string,
    key: item.key as string,
    uploadedBy: item.uploadedBy as string,
    createdAt: item.createdAt as string,
  };
}
