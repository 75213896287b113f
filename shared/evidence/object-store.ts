import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { optionalEnv } from '../config/env.js';

/** How long a presigned URL may be used: an upload right after asking for it, a download right after reading the record. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export interface UploadRequest {
  bucket: string;
  key: string;
  contentType: string;
  size: number;
  /** SHA-256 of the file, 64 lowercase hex digits (as the API receives it). */
  sha256Hex: string;
  expiresInSeconds?: number;
  /** When the URL is signed (it expires `expiresInSeconds` later); now when absent. */
  signingDate?: Date;
}

/** A presigned PUT: the client sends exactly `headers` (all of them are signed) with the file as the body. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: { 'content-type': string; 'content-length': string; 'x-amz-checksum-sha256': string };
  expiresAt: string;
}

export interface DownloadRequest {
  bucket: string;
  key: string;
  /** The original file name, sent back in Content-Disposition (may be Chinese). */
  fileName: string;
  contentType: string;
  expiresInSeconds?: number;
  signingDate?: Date;
}

export interface PresignedDownload {
  url: string;
  expiresAt: string;
}

/** The port: what the API needs of an object store. Signing only; the bytes never pass through a function. */
export interface ObjectStore {
  presignUpload(request: UploadRequest): Promise<PresignedUpload>;
  presignDownload(request: DownloadRequest): Promise<PresignedDownload>;
}

/**
 * Headers that go into the signature of an upload instead of being left to the client. S3 then refuses a
 * PUT of another length or type (SignatureDoesNotMatch) and of other bytes (BadDigest on the checksum).
 * The presigner leaves content-type unsigned unless told otherwise, and would move the checksum into the
 * query string; kept as a signed header, the client must send it and S3 checks the body against it.
 */
const SIGNED_UPLOAD_HEADERS = new Set(['content-type', 'content-length']);
const UNHOISTED_UPLOAD_HEADERS = new Set(['x-amz-checksum-sha256']);

let client: { s3: S3Client; endpoint: string | undefined } | undefined;

/**
 * One S3 client per process, created on first use. `S3_ENDPOINT` points it at the local S3 endpoint
 * (path-style, like `DYNAMODB_ENDPOINT` for DynamoDB Local); the region comes from `AWS_REGION`. A local
 * stack started again in the same process gets a new endpoint, and so a new client.
 */
export function s3(): S3Client {
  const endpoint = optionalEnv('S3_ENDPOINT');
  if (!client || client.endpoint !== endpoint) {
    client?.s3.destroy();
    const s3Client = new S3Client({
      region: optionalEnv('AWS_REGION'),
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // Checksums only where we ask for them: no CRC32 of an empty body in upload URLs, no checksum mode in downloads.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    client = { s3: s3Client, endpoint };
  }
  return client.s3;
}

/** The S3 adapter of the port; `getClient` is called per request so that tests can swap the client. */
export function s3ObjectStore(getClient: () => S3Client = s3): ObjectStore {
  return {
    async presignUpload(request) {
      const expiresIn = request.expiresInSeconds ?? UPLOAD_URL_SECONDS;
      const signingDate = wholeSeconds(request.signingDate);
      const checksum = hexToBase64(request.sha256Hex);
      const command = new PutObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        ContentType: request.contentType,
        ContentLength: request.size,
        ChecksumSHA256: checksum,
      });
      const url = await getSignedUrl(getClient(), command, {
        expiresIn,
        signingDate,
        signableHeaders: SIGNED_UPLOAD_HEADERS,
        unhoistableHeaders: UNHOISTED_UPLOAD_HEADERS,
      });
      return {
        url,
        method: 'PUT',
        headers: {
          'content-type': request.contentType,
          'content-length': String(request.size),
          'x-amz-checksum-sha256': checksum,
        },
        expiresAt: expiry(signingDate, expiresIn),
      };
    },

    async presignDownload(request) {
      const expiresIn = request.expiresInSeconds ?? DOWNLOAD_URL_SECONDS;
      const signingDate = wholeSeconds(request.signingDate);
      const command = new GetObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        ResponseContentType: request.contentType,
        ResponseContentDisposition: contentDisposition(request.fileName),
      });
      const url = await getSignedUrl(getClient(), command, { expiresIn, signingDate });
      return { url, expiresAt: expiry(signingDate, expiresIn) };
    },
  };
}

/** The store the API uses. */
export const objectStore: ObjectStore = s3ObjectStore();

/** S3 wants the checksum as the base64 of the digest; the API speaks hex. */
export function hexToBase64(hex: string): string {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('a SHA-256 is 64 hex digits');
  return Buffer.from(hex, 'hex').toString('base64');
}

/**
 * `attachment` with the file name twice (RFC 6266): an ASCII stand-in for old clients, and the real
 * name in UTF-8 as RFC 5987 `filename*` (percent-encoded, so the header stays ASCII).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** encodeURIComponent leaves `'()*` alone, which RFC 5987's attr-char does not allow. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** X-Amz-Date has whole seconds: `expiresAt` is then exactly when S3 starts refusing the URL. */
function wholeSeconds(date = new Date()): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function expiry(signingDate: Date, expiresInSeconds: number): string {
  return new Date(signingDate.getTime() + expiresInSeconds * 1000).toISOString();
}
