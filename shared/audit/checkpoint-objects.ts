import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { RetryableError } from '../domain/errors.js';
import { s3 } from '../evidence/object-store.js';
import { isCheckpointName, type CheckpointStore } from './checkpoints.js';

/** The URL is used at once, by the signer itself. */
const SELF_URL_SECONDS = 60;

/**
 * Checkpoints in the audit bucket. A checkpoint is put through a URL the writer presigns for itself (the
 * local S3 endpoint takes query authentication only; the writer's role or user still decides), with
 * `If-None-Match: *` — the bucket's policy refuses any put without it, so no key is ever written twice — and
 * its SHA-256, which S3 checks and which Object Lock requires of a put. Reading lists the prefix and gets
 * the newest object with the reader's own credentials (the CLI's; on AWS only).
 */
export function s3CheckpointStore(bucket: string): CheckpointStore {
  return {
    async write(key, body) {
      const checksum = createHash('sha256').update(body, 'utf8').digest('base64');
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'application/json', IfNoneMatch: '*', ChecksumSHA256: checksum });
      const url = await getSignedUrl(s3(), command, {
        expiresIn: SELF_URL_SECONDS,
        signableHeaders: new Set(['content-type', 'if-none-match']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      });
      const headers = { 'content-type': 'application/json', 'if-none-match': '*', 'x-amz-checksum-sha256': checksum };
      const response = await send(url, { method: 'PUT', headers, body });
      // Another checkpoint of the very same millisecond: a retry takes a new time.
      if (response.status === 412) throw new RetryableError(`a checkpoint ${key} exists already`);
      if (!response.ok) throw await failure(response, `PUT ${key}`);
      return `s3://${bucket}/${key}`;
    },

    async newest(prefix) {
      let newest: string | undefined;
      let token: string | undefined;
      do {
        const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const { Key } of page.Contents ?? []) {
          if (Key && isCheckpointName(Key.slice(prefix.length)) && (newest === undefined || Key > newest)) newest = Key;
        }
        token = page.NextContinuationToken;
      } while (token);
      if (newest === undefined) return undefined;
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: newest }));
      return { text: await object.Body!.transformToString('utf8'), location: `s3://${bucket}/${newest}` };
    },
  };
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new RetryableError(`the audit bucket could not be reached: ${(error as Error).message}`, { cause: error });
  }
}

/** S3's throttling (503 SlowDown) and its own errors (500) are worth another attempt; anything else is a fault. */
async function failure(response: Response, what: string): Promise<Error> {
  const message = `${what} answered ${response.status}: ${(await response.text()).slice(0, 500)}`;
  return response.status >= 500 ? new RetryableError(message) : new Error(message);
}
