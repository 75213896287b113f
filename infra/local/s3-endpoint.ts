import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { AWS_ONLY_METADATA_KEY } from '../metadata.js';
import { FAKE_CREDENTIALS, REGION } from './fake-aws.js';
import { close, listen } from './http-server.js';
import type { Resolve } from './intrinsics.js';
import { createOnce } from './object-dir.js';
import type { CfnTemplate } from './template.js';

export interface S3Endpoint {
  url: string;
  close(): Promise<void>;
}

export interface S3EndpointOptions {
  /**
   * The buckets that exist (the templates' buckets, as resolved locally); others are NoSuchBucket. They
   * share one key space: each bucket's keys have a prefix of their own (`evidence/`, `reports/`, `audit/`).
   */
  buckets: readonly string[];
  /**
   * Buckets that take a PUT only with `If-None-Match: *` (403 AccessDenied otherwise), as the audit bucket's
   * policy demands on AWS: none of their objects is ever written twice.
   */
  writeOnce?: readonly string[];
  /** Objects are kept as files under this folder (`<dir>/<key>`); in memory when absent. */
  dir?: string;
  port?: number;
  /** The endpoint's clock, for expiry (tests). */
  now?: () => Date;
  /** Per bucket, its CORS rule as the template has it: a browser's preflight and reads are answered by it. */
  cors?: Readonly<Record<string, CorsRule>>;
}

/** One rule of a bucket's `CorsConfiguration`, as CloudFormation spells it. */
export interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

/**
 * A small S3 for the local stack: path-style `PUT`, `GET` and `HEAD /<bucket>/<key>`, authorized by
 * presigned URLs (SigV4 query auth) only; a PUT with `If-None-Match: *` writes only a key that is not there
 * yet (412 PreconditionFailed otherwise), as S3's conditional writes do. Handlers keep using the real `@aws-sdk/client-s3` with
 * `S3_ENDPOINT` pointing here; clients use the URLs they are handed, as they would with S3.
 *
 * Behaves like S3 where the API relies on it: an expired URL is AccessDenied, a signature is recomputed
 * from the request with the fake credentials (so a changed URL, or a content-type or length other than
 * signed, is SignatureDoesNotMatch), and a body that does not match `x-amz-checksum-sha256` is BadDigest.
 * Errors are S3's XML documents with S3's codes.
 */
export async function startS3Endpoint(options: S3EndpointOptions): Promise<S3Endpoint> {
  const store = options.dir === undefined ? memoryObjects() : fileObjects(options.dir);
  const now = options.now ?? (() => new Date());
  const server = createServer((request, response) => {
    handle(request, response, { buckets: options.buckets, writeOnce: options.writeOnce ?? [], cors: options.cors ?? {}, store, now }).catch((error: unknown) => {
      console.error('S3 endpoint:', error);
      if (!response.headersSent) send(response, request.method, s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'));
      else response.destroy();
    });
  });
  await listen(server, options.port ?? 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  Condition?: { Null?: Record<string, string> };
}

/**
 * The template's buckets by their local names, but those marked `app:awsOnly`; write-once, those whose bucket
 * policy denies a PutObject that lacks `If-None-Match` (condition `Null: { "s3:if-none-match": "true" }`), as the
 * audit bucket's does.
 */
export function bucketsOf(template: CfnTemplate, resolve: Resolve): Required<Pick<S3EndpointOptions, 'buckets' | 'writeOnce' | 'cors'>> {
  const resources = Object.entries(template.Resources);
  const nameOf = (logicalId: string) => String(resolve({ Ref: logicalId }));
  const requiresIfNoneMatch = (statement: PolicyStatement) =>
    statement.Effect === 'Deny' && [statement.Action].flat().includes('s3:PutObject') && statement.Condition?.Null?.['s3:if-none-match'] === 'true';
  const writeOnce = resources.flatMap(([, resource]) => {
    if (resource.Type !== 'AWS::S3::BucketPolicy') return [];
    const statements = (resource.Properties?.PolicyDocument as { Statement?: PolicyStatement[] } | undefined)?.Statement ?? [];
    return statements.some(requiresIfNoneMatch) ? [String(resolve(resource.Properties?.Bucket))] : [];
  });
  // A bucket marked `app:awsOnly` is written by AWS services alone (the log bucket: CloudFront's access logs); none runs here.
  const served = resources.filter(([, resource]) => resource.Type === 'AWS::S3::Bucket' && resource.Metadata?.[AWS_ONLY_METADATA_KEY] === undefined);
  const cors = Object.fromEntries(
    served.flatMap(([logicalId, resource]) => {
      const rule = (resource.Properties?.CorsConfiguration as { CorsRules?: CorsRule[] } | undefined)?.CorsRules?.[0];
      return rule ? [[nameOf(logicalId), rule]] : [];
    }),
  );
  return { buckets: served.map(([logicalId]) => nameOf(logicalId)), writeOnce, cors };
}

/** Far above the API's 20 MiB evidence limit (S3's own single PUT limit is 5 GiB); bodies are held in memory. */
const MAX_LOCAL_OBJECT_BYTES = 100 * 1024 * 1024;
/** SigV4 presigned URLs live at most a week. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const REQUIRED_QUERY_AUTH = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
  checksumSha256?: string;
}

interface ObjectStore {
  get(key: string): Promise<StoredObject | undefined>;
  put(key: string, object: StoredObject): Promise<void>;
  /** Writes the object only if the key is free; false when it is taken. */
  create(key: string, object: StoredObject): Promise<boolean>;
}

interface Context {
  buckets: readonly string[];
  writeOnce: readonly string[];
  cors: Readonly<Record<string, CorsRule>>;
  store: ObjectStore;
  now: () => Date;
}

/** An error answer: S3's status, code and message, plus the extra elements S3 adds for some codes. */
interface S3Failure {
  status: number;
  code: string;
  message: string;
  extra: Record<string, string>;
}

function tooLarge(): S3Failure {
  return s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', { MaxSizeAllowed: String(MAX_LOCAL_OBJECT_BYTES) });
}

function s3Error(status: number, code: string, message: string, extra: Record<string, string> = {}): S3Failure {
  return { status, code, message, extra };
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  const method = request.method ?? 'GET';
  const target = parseTarget(request.url ?? '/');
  if (!applyCors(request, response, context.cors[target.bucket])) return refuse(request, response, s3Error(403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.'));
  if (method === 'OPTIONS') {
    response.statusCode = 200;
    response.end();
    return;
  }
  const refused = check(method, target, request, context);
  if (refused) return refuse(request, response, refused);

  if (method === 'PUT') {
    const body = await readBody(request);
    if (body === undefined) return send(response, method, tooLarge());
    const problem = checkBody(body, request, target.query);
    if (problem) return send(response, method, problem);
    const checksumSha256 = header(request, 'x-amz-checksum-sha256') ?? target.query['x-amz-checksum-sha256'];
    const object: StoredObject = {
      body,
      contentType: header(request, 'content-type') ?? 'binary/octet-stream',
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: context.now().toUTCString(),
      ...(checksumSha256 === undefined ? {} : { checksumSha256 }),
    };
    if (header(request, 'if-none-match') === undefined) await context.store.put(target.key, object);
    else if (!(await context.store.create(target.key, object))) {
      return send(response, method, s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' }));
    }
    response.writeHead(200, {
      etag: object.etag,
      ...(checksumSha256 === undefined ? {} : { 'x-amz-checksum-sha256': checksumSha256 }),
      'x-amz-request-id': requestId(),
      'content-length': 0,
    });
    response.end();
    return;
  }

  const object = await context.store.get(target.key);
  if (!object) {
    return send(response, method, s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: target.key }));
  }
  const q = target.query;
  const checksumWanted = q['x-amz-checksum-mode'] === 'ENABLED' || header(request, 'x-amz-checksum-mode') === 'ENABLED';
  response.writeHead(200, {
    'content-type': q['response-content-type'] ?? object.contentType,
    'content-length': object.body.length,
    etag: object.etag,
    'last-modified': object.lastModified,
    'accept-ranges': 'bytes',
    ...optional('content-disposition', q['response-content-disposition']),
    ...optional('content-language', q['response-content-language']),
    ...optional('content-encoding', q['response-content-encoding']),
    ...optional('cache-control', q['response-cache-control']),
    ...optional('expires', q['response-expires']),
    ...(checksumWanted && object.checksumSha256 ? { 'x-amz-checksum-sha256': object.checksumSha256 } : {}),
    'x-amz-request-id': requestId(),
  });
  response.end(method === 'HEAD' ? undefined : object.body);
}

interface Target {
  bucket: string;
  key: string;
  /** The path as sent: SigV4 for S3 signs it as is (no second encoding). */
  rawPath: string;
  /** Decoded names and values; a name given twice keeps its last value. */
  query: Record<string, string>;
  /** Decoded pairs in their order, for the canonical query. */
  pairs: [string, string][];
}

function parseTarget(url: string): Target {
  const mark = url.indexOf('?');
  const rawPath = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  const pairs = rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const equals = part.indexOf('=');
      return equals < 0 ? [decode(part), ''] : [decode(part.slice(0, equals)), decode(part.slice(equals + 1))];
    });
  const slash = rawPath.indexOf('/', 1);
  return {
    bucket: decode(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash)),
    key: slash < 0 ? '' : decode(rawPath.slice(slash + 1)),
    rawPath,
    query: Object.fromEntries(pairs),
    pairs,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Everything S3 decides before reading a body: the operation, the bucket, the key and the authorization. */
function check(method: string, target: Target, request: IncomingMessage, context: Context): S3Failure | undefined {
  if (method !== 'PUT' && method !== 'GET' && method !== 'HEAD') {
    return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'OBJECT' });
  }
  if (!context.buckets.includes(target.bucket)) {
    return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: target.bucket });
  }
  if (target.key === '') {
    return s3Error(501, 'NotImplemented', 'The local S3 endpoint serves objects only (PUT, GET and HEAD of /<bucket>/<key>).');
  }
  const badKey = keyProblem(target.key);
  if (badKey) return badKey;
  if (method === 'PUT') {
    const ifNoneMatch = header(request, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
      return s3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
    }
    if (ifNoneMatch === undefined && context.writeOnce.includes(target.bucket)) return s3Error(403, 'AccessDenied', 'Access Denied');
    const length = header(request, 'content-length');
    if (length === undefined) return s3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    if (Number(length) > MAX_LOCAL_OBJECT_BYTES) return tooLarge();
  }
  return checkPresigned(method, target, request, context.now());
}

/** S3 takes any key up to 1024 bytes; this one keeps objects as files, so a key must also be a relative file path. */
function keyProblem(key: string): S3Failure | undefined {
  if (Buffer.byteLength(key) > 1024) return s3Error(400, 'KeyTooLongError', 'Your key is too long.');
  const segments = key.split('/');
  const fileLike = segments.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\0')) && segments[0] !== META_DIR;
  return fileLike
    ? undefined
    : s3Error(400, 'InvalidArgument', 'The local S3 endpoint keeps objects as files: a key must be a relative path without empty, "." or ".." segments.', {
        ArgumentName: 'key',
        ArgumentValue: key,
      });
}

/** SigV4 query authentication, as S3 checks it: parameters, credential, expiry, then the signature itself. */
function checkPresigned(method: string, target: Target, request: IncomingMessage, now: Date): S3Failure | undefined {
  const q = target.query;
  if (header(request, 'authorization') !== undefined && q['X-Amz-Signature'] === undefined) {
    return s3Error(501, 'NotImplemented', 'The local S3 endpoint accepts presigned URLs (query authentication) only.');
  }
  if (REQUIRED_QUERY_AUTH.every((name) => q[name] === undefined)) return s3Error(403, 'AccessDenied', 'Access Denied');
  const parameterError = (message: string) => s3Error(400, 'AuthorizationQueryParametersError', message);
  if (REQUIRED_QUERY_AUTH.some((name) => q[name] === undefined)) {
    return parameterError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const algorithm = q['X-Amz-Algorithm']!;
  const credential = q['X-Amz-Credential']!;
  const amzDate = q['X-Amz-Date']!;
  const expiresText = q['X-Amz-Expires']!;
  const signedHeaders = q['X-Amz-SignedHeaders']!;
  const signature = q['X-Amz-Signature']!;

  if (algorithm !== ALGORITHM) return parameterError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const scope = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(credential);
  if (!scope) return parameterError(`Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  const [, accessKeyId, scopeDate, region, service] = scope as unknown as [string, string, string, string, string];
  if (accessKeyId !== FAKE_CREDENTIALS.accessKeyId) {
    return s3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
  }
  if (region !== REGION) return parameterError(`Error parsing the X-Amz-Credential parameter; the region '${region}' is wrong; expecting '${REGION}'`);
  if (service !== 's3') return parameterError(`Error parsing the X-Amz-Credential parameter; incorrect service "${service}". This endpoint belongs to "s3".`);
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) return parameterError(`Invalid date format of header 'X-Amz-Date'; expected format yyyyMMdd'T'HHmmss'Z'`);
  if (!/^\d+$/.test(expiresText)) return parameterError('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires > MAX_EXPIRES_SECONDS) return parameterError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`);

  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (now.getTime() > expiresAt.getTime()) {
    return s3Error(403, 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresText,
      Expires: expiresAt.toISOString(),
      ServerTime: now.toISOString(),
    });
  }

  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host')) return parameterError('Query-string authentication requires the Host header to be signed.');
  const canonicalRequest = [
    method,
    target.rawPath,
    canonicalQuery(target.pairs),
    ...headerNames.map((name) => `${name}:${canonicalHeaderValue(request, name)}`),
    '',
    signedHeaders,
    q['X-Amz-Content-Sha256'] ?? header(request, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD,
  ].join('\n');
  const credentialScope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const expected = signatureOf(FAKE_CREDENTIALS.secretAccessKey, scopeDate, region, service, stringToSign);
  if (!sameHex(expected, signature)) {
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signature,
      CanonicalRequest: canonicalRequest,
    });
  }
  return undefined;
}

/** What S3 checks once the body is in: the digests the client declared. */
function checkBody(body: Buffer, request: IncomingMessage, query: Record<string, string>): S3Failure | undefined {
  const declaredPayload = query['X-Amz-Content-Sha256'] ?? header(request, 'x-amz-content-sha256');
  if (declaredPayload !== undefined && declaredPayload !== UNSIGNED_PAYLOAD && /^[0-9a-f]{64}$/.test(declaredPayload)) {
    const computed = createHash('sha256').update(body).digest('hex');
    if (computed !== declaredPayload) {
      return s3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: declaredPayload,
        S3ComputedContentSHA256: computed,
      });
    }
  }
  const checksum = header(request, 'x-amz-checksum-sha256') ?? query['x-amz-checksum-sha256'];
  if (checksum !== undefined) {
    if (Buffer.from(checksum, 'base64').length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(checksum)) {
      return s3Error(400, 'InvalidRequest', 'Value for x-amz-checksum-sha256 header is invalid.');
    }
    if (createHash('sha256').update(body).digest('base64') !== checksum) {
      return s3Error(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
    }
  }
  const md5 = header(request, 'content-md5');
  if (md5 !== undefined) {
    if (Buffer.from(md5, 'base64').length !== 16) return s3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (createHash('md5').update(body).digest('base64') !== md5) {
      return s3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  return undefined;
}

/** Sorted by encoded name (then value), each part encoded the SigV4 way; the signature itself left out. */
function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded in UTF-8. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Trimmed, inner runs of spaces folded; a signed header the request lacks is empty (and the signature fails). */
function canonicalHeaderValue(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

function signatureOf(secret: string, date: string, region: string, service: string, stringToSign: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

function sameHex(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function parseAmzDate(text: string): Date | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!parts) return undefined;
  const [, y, mo, d, h, mi, s] = parts.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function optional(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}

/** The body, or undefined once it grows past the local limit. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_LOCAL_OBJECT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => done(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

/** An answer before the body was read: the connection is closed after it rather than draining an unwanted upload. */
function refuse(request: IncomingMessage, response: ServerResponse, failure: S3Failure): void {
  if (request.method === 'PUT' && !request.readableEnded) response.setHeader('connection', 'close');
  send(response, request.method, failure);
  request.resume();
}

function send(response: ServerResponse, method: string | undefined, failure: S3Failure): void {
  const id = requestId();
  const elements = { Code: failure.code, Message: failure.message, ...failure.extra, RequestId: id, HostId: 'local' };
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    Object.entries(elements)
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('') +
    '</Error>';
  // HEAD answers carry no body, as S3's don't: only the status (and the code in a header here).
  const body = method === 'HEAD' ? '' : xml;
  response.writeHead(failure.status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': id,
    'x-amz-error-code': failure.code,
  });
  response.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function memoryObjects(): ObjectStore {
  const objects = new Map<string, StoredObject>();
  return {
    get: async (key) => objects.get(key),
    put: async (key, object) => void objects.set(key, object),
    async create(key, object) {
      if (objects.has(key)) return false;
      objects.set(key, object);
      return true;
    },
  };
}

/** Metadata (type, ETag, checksum) of `<dir>/<key>` is kept in `<dir>/.s3meta/<key>.json`; keys may not start there. */
const META_DIR = '.s3meta';

function fileObjects(dir: string): ObjectStore {
  const bodyPath = (key: string) => join(dir, ...key.split('/'));
  const metaPath = (key: string) => `${join(dir, META_DIR, ...key.split('/'))}.json`;
  const writeAtomically = async (path: string, data: Buffer | string) => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await writeFile(temporary, data);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };
  return {
    async get(key) {
      try {
        const meta = JSON.parse(await readFile(metaPath(key), 'utf8')) as Omit<StoredObject, 'body'>;
        return { ...meta, body: await readFile(bodyPath(key)) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    async put(key, object) {
      const { body, ...meta } = object;
      // The body first: an object is there once its metadata is.
      await writeAtomically(bodyPath(key), body);
      await writeAtomically(metaPath(key), JSON.stringify(meta));
    },
    async create(key, object) {
      const { body, ...meta } = object;
      await mkdir(dirname(bodyPath(key)), { recursive: true });
      try {
        await createOnce(bodyPath(key), body);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      await writeAtomically(metaPath(key), JSON.stringify(meta));
      return true;
    },
  };
}

/**
 * S3's CORS as the bucket's rule says: a preflight (OPTIONS) is allowed when its origin, method and headers
 * are, and answered with what the rule allows; any other request from a page gets the origin and the
 * exposed headers. False: a preflight the rule refuses (or a bucket without a rule).
 */
function applyCors(request: IncomingMessage, response: ServerResponse, rule: CorsRule | undefined): boolean {
  const origin = header(request, 'origin');
  const preflight = request.method === 'OPTIONS';
  if (origin === undefined) return !preflight;
  const originAllowed = rule !== undefined && (rule.AllowedOrigins.includes('*') || rule.AllowedOrigins.includes(origin));
  if (preflight) {
    const method = header(request, 'access-control-request-method') ?? '';
    const asked = (header(request, 'access-control-request-headers') ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
    const allowedHeaders = (rule?.AllowedHeaders ?? []).map((name) => name.toLowerCase());
    if (!originAllowed || !rule.AllowedMethods.includes(method) || !asked.every((name) => allowedHeaders.includes('*') || allowedHeaders.includes(name))) return false;
    response.setHeader('access-control-allow-methods', rule.AllowedMethods.join(', '));
    if (asked.length > 0) response.setHeader('access-control-allow-headers', asked.join(', '));
    if (rule.MaxAge !== undefined) response.setHeader('access-control-max-age', String(rule.MaxAge));
  }
  if (originAllowed) {
    response.setHeader('access-control-allow-origin', rule.AllowedOrigins.includes('*') ? '*' : origin);
    if (rule.ExposedHeaders?.length) response.setHeader('access-control-expose-headers', rule.ExposedHeaders.join(', '));
    response.setHeader('vary', 'Origin');
  }
  return true;
}
