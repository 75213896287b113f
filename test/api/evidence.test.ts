import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Task } from '../../shared/domain/task.js';
import { s3, s3ObjectStore } from '../../shared/evidence/object-store.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { missingEvidence } from '../../shared/store/evidence-repo.js';
import { MAX_EVIDENCE_BYTES } from '../../functions/tasks/schema.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// Evidence end to end over real HTTP: the API signs, the local S3 endpoint checks the signature, the
// expiry and the checksum the way S3 does, and the bytes come back through the download URL.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const planId = (() => {
  const parsed = parsePlanText(sampleYaml, 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value.id;
})();

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fileName = '浒山街道 VOCs 整改验收报告.pdf';
const described = { fileName, contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) };

interface Upload {
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let hushan: string;
let gutang: string;
let viewer: string;
let task: Task;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  const imported = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const started = await api.call('POST', `/plans/${planId}/breakdowns`, { token: admin, body: {} });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const run = await api.finishedBreakdown(planId, started.body.executionId, admin);
  expect(run.status).toBe('SUCCEEDED');
  [hushan, gutang, viewer] = await Promise.all([
    createToken({ role: 'unit', unitId: 'hushan' }),
    createToken({ role: 'unit', unitId: 'gutang' }),
    createToken({ role: 'viewer' }),
  ]);
  const tasks = await api.allPages<Task>('/units/hushan/tasks', hushan);
  task = tasks[0]!;
  expect(task.unitId).toBe('hushan');
});

afterAll(() => stack?.stop());

async function createToken(body: { role: string; unitId?: string }): Promise<string> {
  const created = await api.call<{ token: string }>('POST', '/tokens', { token: admin, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.token;
}

async function attach(body: Record<string, unknown> = described, token = hushan, taskId = task.id) {
  return api.call('POST', `/tasks/${taskId}/evidence`, { token, body });
}

/** An upload URL for `described` on hushan's task. */
async function uploadSlot(): Promise<{ evidenceId: string; upload: Upload }> {
  const attached = await attach();
  expect(attached.status, JSON.stringify(attached.body)).toBe(201);
  return attached.body;
}

function put(upload: Upload, body: Buffer, headers: Record<string, string> = upload.headers, url = upload.url) {
  return fetch(url, { method: upload.method, headers, body });
}

/** S3's answer to a refused request: its status, and the code and message of the XML error document. */
async function s3Refusal(response: Response) {
  const text = await response.text();
  return {
    status: response.status,
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1],
    contentType: response.headers.get('content-type'),
  };
}

describe('attaching evidence to a task', () => {
  it('gives the unit an upload URL; the file PUT there comes back byte for byte from the download URL', async () => {
    // Act
    const attached = await attach();
    const uploaded = await put(attached.body.upload, pdf);
    const read = await api.call('GET', `/tasks/${task.id}/evidence/${attached.body.evidenceId}`, { token: hushan });
    const downloaded = await fetch(read.body.download.url);
    const bytes = Buffer.from(await downloaded.arrayBuffer());

    // Assess
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expect(attached.body).toEqual({
      evidenceId: expect.stringMatching(/^ev-[a-z2-7]{26}$/),
      ...described,
      upload: {
        url: expect.stringContaining(`/evidence/${task.id}/${attached.body.evidenceId}?`),
        method: 'PUT',
        headers: {
          'content-type': 'application/pdf',
          'content-length': String(pdf.length),
          'x-amz-checksum-sha256': createHash('sha256').update(pdf).digest('base64'),
        },
        expiresAt: expect.any(String),
      },
    });
    const lifetime = Date.parse(attached.body.upload.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    expect(uploaded.headers.get('etag')).toBe(`"${createHash('md5').update(pdf).digest('hex')}"`);

    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toEqual({
      evidenceId: attached.body.evidenceId,
      taskId: task.id,
      ...described,
      uploadedBy: expect.stringMatching(/^unit:hushan\//),
      createdAt: expect.any(String),
      download: { url: expect.any(String), expiresAt: expect.any(String) },
    });
    const downloadLifetime = Date.parse(read.body.download.expiresAt) - Date.now();
    expect(downloadLifetime).toBeGreaterThan(4 * 60_000);
    expect(downloadLifetime).toBeLessThanOrEqual(5 * 60_000);

    expect(downloaded.status).toBe(200);
    expect(bytes.equals(pdf)).toBe(true);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    const disposition = downloaded.headers.get('content-disposition')!;
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(fileName);
  });

  it('records it on the task, so a report citing it finds it and one citing an unknown id does not', async () => {
    // Prepare
    const { evidenceId } = await uploadSlot();
    const unknown = 'ev-aaaaaaaaaaaaaaaaaaaaaaaaaa';

    // Act
    const missing = await missingEvidence(task.id, [evidenceId, unknown, evidenceId]);
    const onAnotherTask = await missingEvidence(`${planId}.other-goal.hushan`, [evidenceId]);
    const none = await missingEvidence(task.id, []);

    // Assess
    expect(missing).toEqual([unknown]);
    expect(onAnotherTask).toEqual([evidenceId]);
    expect(none).toEqual([]);
  });

  it('lets whoever may read the task download it: the bureau and leadership, not another unit', async () => {
    // Prepare
    const { evidenceId, upload } = await uploadSlot();
    await put(upload, pdf);
    const path = `/tasks/${task.id}/evidence/${evidenceId}`;

    // Act
    const [byAdmin, byViewer, byGutang] = await Promise.all([
      api.call('GET', path, { token: admin }),
      api.call('GET', path, { token: viewer }),
      api.call('GET', path, { token: gutang }),
    ]);

    // Assess
    expect(byAdmin.status).toBe(200);
    expect(byViewer.status).toBe(200);
    expect(byGutang.status).toBe(404);
  });

  it('answers 404 for an evidence id the task does not have', async () => {
    // Act
    const unknown = await api.call('GET', `/tasks/${task.id}/evidence/ev-aaaaaaaaaaaaaaaaaaaaaaaaaa`, { token: hushan });
    const malformed = await api.call('GET', `/tasks/${task.id}/evidence/not-an-id`, { token: hushan });

    // Assess
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(malformed).toMatchObject({ status: 400, body: { fields: [expect.objectContaining({ path: 'evidenceId' })] } });
  });

  it("answers 404 to another unit asking to attach to hushan's task, and to hushan for a task that does not exist", async () => {
    // Act
    const byGutang = await attach(described, gutang);
    const noSuchTask = await attach(described, hushan, `${planId}.no-such-goal.hushan`);

    // Assess
    expect(byGutang).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(noSuchTask).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('refuses the bureau (403): only the unit attaches evidence of its own work', async () => {
    // Act
    const byAdmin = await attach(described, admin);

    // Assess
    expect(byAdmin).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  });

  it('refuses a file name that would show as another (report\u202Efdp.exe shows as reportexe.pdf): 400 control_character naming fileName', async () => {
    // Act
    const refused = await attach({ ...described, fileName: 'report\u202Efdp.exe' });

    // Assess
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body).toEqual({
      error: 'invalid_input',
      message: expect.any(String),
      fields: [
        {
          path: 'fileName',
          rule: 'control_character',
          message: 'fileName contains U+202E, an invisible, direction-changing or control character: remove it',
          messageZh: 'fileName 含有不可见字符、改变文字方向的字符或控制字符 U+202E，请删除',
        },
      ],
    });
  });

  it.each([
    ['size', { ...described, size: MAX_EVIDENCE_BYTES + 1 }],
    ['size', { ...described, size: 0 }],
    ['contentType', { ...described, contentType: 'application/zip' }],
    ['sha256', { ...described, sha256: 'ABC123' }],
    ['fileName', { ...described, fileName: '../etc/passwd' }],
  ])('answers 400 naming %s for a body that breaks it', async (field, body) => {
    // Act
    const refused = await attach(body);

    // Assess
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error).toBe('invalid_input');
    expect(refused.body.fields.map((f: { path: string }) => f.path)).toEqual([field]);
  });
});

describe('the upload URL, as S3 checks it', () => {
  it('refuses other bytes of the same length (400 BadDigest) and stores nothing', async () => {
    // Prepare
    const { evidenceId, upload } = await uploadSlot();
    const forged = Buffer.from(pdf);
    forged[forged.length - 2] = 0x21;

    // Act
    const refused = await s3Refusal(await put(upload, forged));
    const read = await api.call('GET', `/tasks/${task.id}/evidence/${evidenceId}`, { token: hushan });
    const download = await s3Refusal(await fetch(read.body.download.url));

    // Assess
    expect(refused).toMatchObject({ status: 400, code: 'BadDigest', contentType: 'application/xml' });
    expect(download).toMatchObject({ status: 404, code: 'NoSuchKey' });
  });

  it('refuses another content type or length than signed (403 SignatureDoesNotMatch)', async () => {
    // Prepare
    const { upload } = await uploadSlot();
    const longer = Buffer.concat([pdf, Buffer.from('more')]);

    // Act
    const otherType = await s3Refusal(await put(upload, pdf, { ...upload.headers, 'content-type': 'image/png' }));
    const otherLength = await s3Refusal(
      await put(upload, longer, {
        ...upload.headers,
        'content-length': String(longer.length),
        'x-amz-checksum-sha256': createHash('sha256').update(longer).digest('base64'),
      }),
    );
    const noChecksum = await s3Refusal(await put(upload, pdf, { 'content-type': 'application/pdf' }));

    // Assess
    expect(otherType).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(otherLength).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(noChecksum).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('refuses a tampered URL (403 SignatureDoesNotMatch): another key, a longer lifetime, a changed signature', async () => {
    // Prepare
    const first = await uploadSlot();
    const second = await uploadSlot();
    const url = new URL(first.upload.url);
    const otherKey = first.upload.url.replace(first.evidenceId, second.evidenceId);
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    const changed = new URL(url);
    const signature = url.searchParams.get('X-Amz-Signature')!;
    changed.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);

    // Act
    const refusals = await Promise.all(
      [otherKey, longer.toString(), changed.toString()].map(async (tampered) => s3Refusal(await put(first.upload, pdf, first.upload.headers, tampered))),
    );
    const genuine = await put(first.upload, pdf);

    // Assess
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(genuine.status).toBe(200);
  });

  it('refuses an expired upload or download URL (403 AccessDenied, "Request has expired")', async () => {
    // Prepare: the same signer the API uses, as it would have signed 16 minutes ago.
    const { evidenceId } = await uploadSlot();
    const signedEarlier = new Date(Date.now() - 16 * 60_000);
    const key = `evidence/${task.id}/${evidenceId}`;
    const bucket = process.env.EVIDENCE_BUCKET!;
    const store = s3ObjectStore();
    const upload = await store.presignUpload({ bucket, key, contentType: 'application/pdf', size: pdf.length, sha256Hex: sha256(pdf), signingDate: signedEarlier });
    const download = await store.presignDownload({ bucket, key, fileName, contentType: 'application/pdf', signingDate: signedEarlier });

    // Act
    const expiredUpload = await s3Refusal(await put(upload, pdf));
    const expiredDownload = await s3Refusal(await fetch(download.url));

    // Assess
    expect(expiredUpload).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Request has expired' });
    expect(expiredDownload).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Request has expired' });
  });

  it('answers HEAD with the stored type, length and checksum, and refuses unsigned requests', async () => {
    // Prepare
    const { evidenceId, upload } = await uploadSlot();
    await put(upload, pdf);
    const key = `evidence/${task.id}/${evidenceId}`;
    const bucket = process.env.EVIDENCE_BUCKET!;
    const headUrl = await getSignedUrl(s3(), new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }), { expiresIn: 60 });

    // Act
    const head = await fetch(headUrl, { method: 'HEAD' });
    const unsigned = await s3Refusal(await fetch(`${process.env.S3_ENDPOINT}/${bucket}/${key}`));
    const otherBucket = await s3Refusal(await fetch(headUrl.replace(`/${bucket}/`, '/other-bucket/')));

    // Assess
    expect(bucket).toMatch(/^[a-z0-9][a-z0-9.-]{2,62}$/);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/pdf');
    expect(head.headers.get('content-length')).toBe(String(pdf.length));
    expect(head.headers.get('x-amz-checksum-sha256')).toBe(upload.headers['x-amz-checksum-sha256']);
    expect(unsigned).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(otherBucket).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });
});
