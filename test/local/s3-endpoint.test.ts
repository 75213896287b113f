import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, REGION } from '../../infra/local/fake-aws.js';
import { resolveTemplates } from '../../infra/local/intrinsics.js';
import { bucketsOf, startS3Endpoint, type S3Endpoint } from '../../infra/local/s3-endpoint.js';
import { s3CheckpointStore } from '../../shared/audit/checkpoint-objects.js';
import { RetryableError } from '../../shared/domain/errors.js';
import { s3 } from '../../shared/evidence/object-store.js';
import { templates } from '../support/templates.js';

// The local S3 endpoint as the audit bucket's stand-in: the buckets of the synthesized template, and the
// audit bucket's policy (no put without If-None-Match) kept as AWS keeps it.
const resolvers = resolveTemplates(templates(), { tableName: 'local-table', stackNames: { stateful: 'Stateful', stateless: 'Stateless' } });
const { buckets, writeOnce, cors } = bucketsOf(templates().stateful, resolvers.stateful);
const dir = mkdtempSync(join(tmpdir(), 's3-endpoint-'));
let endpoint: S3Endpoint;

beforeAll(async () => {
  endpoint = await startS3Endpoint({ buckets, writeOnce, cors, dir });
  Object.assign(process.env, { S3_ENDPOINT: endpoint.url, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey });
});
afterAll(async () => {
  await endpoint?.close();
});

/** A presigned PUT without If-None-Match, as the bulletins are written. */
async function plainPut(bucket: string, key: string, body: string): Promise<number> {
  const url = await getSignedUrl(s3(), new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'text/plain' }), { signableHeaders: new Set(['content-type']) });
  return (await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body })).status;
}

describe('the local S3 endpoint', () => {
  it('serves the template’s two buckets, the audit bucket write-once (its policy refuses a put without If-None-Match)', () => {
    // Assess
    expect(buckets).toHaveLength(2);
    expect(writeOnce).toHaveLength(1);
    expect(buckets).toContain(writeOnce[0]);
  });

  it('writes a checkpoint once, as a file under the dir; the same key again is refused (412, retried by the writer)', async () => {
    // Prepare
    const store = s3CheckpointStore(writeOnce[0]!);
    const key = 'audit/checkpoints/t/2022-10-20T010000.000Z.json';

    // Act
    const location = await store.write(key, '{"first":true}');
    const again = store.write(key, '{"second":true}');

    // Assess
    expect(location).toBe(`s3://${writeOnce[0]}/${key}`);
    await expect(again).rejects.toBeInstanceOf(RetryableError);
    expect(readFileSync(join(dir, ...key.split('/')), 'utf8')).toBe('{"first":true}');
  });

  it('refuses a plain put to the audit bucket (403), and takes one to the other bucket', async () => {
    // Prepare
    const other = buckets.find((bucket) => bucket !== writeOnce[0])!;

    // Act
    const audit = await plainPut(writeOnce[0]!, 'audit/checkpoints/t/2022-10-21T010000.000Z.json', 'forged');
    const reports = await plainPut(other, 'reports/bulletins/2022-11.json', '{}');

    // Assess
    expect(audit).toBe(403);
    expect(reports).toBe(200);
  });
});

describe("the local S3 endpoint's CORS, from the template's rules", () => {
  const evidenceBucket = () => buckets.find((bucket) => !writeOnce.includes(bucket))!;
  const preflight = (bucket: string, method: string, headers: string) =>
    fetch(`${endpoint.url}/${bucket}/evidence/t/e`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it("lets the web workspace's page PUT evidence to the evidence bucket with the signed headers", async () => {
    // Act
    const answer = await preflight(evidenceBucket(), 'PUT', 'content-type,x-amz-checksum-sha256');

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(answer.headers.get('access-control-allow-headers')).toBe('content-type, x-amz-checksum-sha256');
  });

  it('refuses a method or header the rule does not allow, and any preflight to a bucket without a rule (the audit bucket)', async () => {
    // Act
    const deletion = await preflight(evidenceBucket(), 'DELETE', 'content-type');
    const otherHeader = await preflight(evidenceBucket(), 'PUT', 'x-evil');
    const audit = await preflight(writeOnce[0]!, 'PUT', 'content-type');

    // Assess
    expect([deletion.status, otherHeader.status, audit.status]).toEqual([403, 403, 403]);
    expect(Object.keys(cors)).toEqual([evidenceBucket()]);
  });
});
