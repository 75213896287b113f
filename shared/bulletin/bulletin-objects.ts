import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { RetryableError } from '../domain/errors.js';
import { s3 } from '../evidence/object-store.js';

/*
 * Reading and writing the bulletin's objects. Through a URL the function presigns for itself and then
 * fetches, rather than PutObject/GetObject with an Authorization header: the local S3 endpoint
 * (infra/local/s3-endpoint.ts) accepts query authentication only, and so one code path runs in both places.
 * The function's role still decides (s3:PutObject / s3:GetObject on `reports/*`): a URL carries its signer's rights.
 */

/** The URL is used at once, by the signer itself. */
const SELF_URL_SECONDS = 60;

export async function putBulletinObject(bucket: string, key: string, body: Buffer | string, contentType: string): Promise<void> {
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType });
  const url = await getSignedUrl(s3(), command, { expiresIn: SELF_URL_SECONDS, signableHeaders: new Set(['content-type']) });
  const response = await send(url, { method: 'PUT', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  if (!response.ok) throw await failure(response, `PUT ${key}`);
}

/** The object's text; undefined when there is no such object. */
export async function getBulletinText(bucket: string, key: string): Promise<string | undefined> {
  const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: SELF_URL_SECONDS });
  const response = await send(url, { method: 'GET' });
  if (response.status === 404) return undefined;
  if (!response.ok) throw await failure(response, `GET ${key}`);
  return response.text();
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new RetryableError(`the bucket could not be reached: ${(error as Error).message}`, { cause: error });
  }
}

/** S3's throttling (503 SlowDown) and its own errors (500) are worth another attempt; anything else is a fault. */
async function failure(response: Response, what: string): Promise<Error> {
  const detail = (await response.text()).slice(0, 500);
  const message = `${what} answered ${response.status}: ${detail}`;
  return response.status >= 500 ? new RetryableError(message) : new Error(message);
}
