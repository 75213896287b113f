import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { contentDisposition, hexToBase64, s3, s3ObjectStore } from '../../../shared/evidence/object-store.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const client = new S3Client({ region: 'us-east-1', credentials });
const store = s3ObjectStore(() => client);

const bytes = Buffer.from('%PDF-1.7 inspection report');
const sha256Hex = createHash('sha256').update(bytes).digest('hex');
const signingDate = new Date('2026-03-02T08:30:00Z');
const upload = {
  bucket: 'evidence-bucket',
  key: 'evidence/cixi-2022.g1.hushan/ev-abcdefghijklmnopqrstuvwxyz',
  contentType: 'application/pdf',
  size: bytes.length,
  sha256Hex,
  signingDate,
};

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('presignUpload', () => {
  it('signs the content type, the length and the SHA-256 checksum as headers the client must send', async () => {
    // Act
    const presigned = await store.presignUpload(upload);

    // Assess
    const url = new URL(presigned.url);
    expect(url.hostname).toBe('evidence-bucket.s3.us-east-1.amazonaws.com');
    expect(url.pathname).toBe('/evidence/cixi-2022.g1.hushan/ev-abcdefghijklmnopqrstuvwxyz');
    const query = queryOf(presigned.url);
    expect(query['X-Amz-SignedHeaders']).toBe('content-length;content-type;host;x-amz-checksum-sha256');
    expect(query['X-Amz-Expires']).toBe('900');
    expect(query['X-Amz-Date']).toBe('20260302T083000Z');
    // A header, not a query parameter: S3 checks the body against it.
    expect(query).not.toHaveProperty('x-amz-checksum-sha256');
    expect(presigned).toMatchObject({
      method: 'PUT',
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(bytes.length),
        'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64'),
      },
      expiresAt: '2026-03-02T08:45:00.000Z',
    });
    expect(Object.keys(presigned.headers).sort()).toEqual(query['X-Amz-SignedHeaders']!.split(';').filter((h) => h !== 'host'));
  });

  it('gives another signature for another type, length or checksum, so S3 refuses a different upload', async () => {
    // Act
    const signatureOf = async (change: Partial<typeof upload>) =>
      queryOf((await store.presignUpload({ ...upload, ...change })).url)['X-Amz-Signature'];
    const signatures = await Promise.all([
      signatureOf({}),
      signatureOf({}),
      signatureOf({ contentType: 'image/png' }),
      signatureOf({ size: bytes.length + 1 }),
      signatureOf({ sha256Hex: createHash('sha256').update('other').digest('hex') }),
    ]);

    // Assess
    expect(signatures[1]).toBe(signatures[0]);
    expect(new Set(signatures).size).toBe(4);
  });

  it('lets the caller choose the lifetime', async () => {
    // Act
    const presigned = await store.presignUpload({ ...upload, expiresInSeconds: 60 });

    // Assess
    expect(queryOf(presigned.url)['X-Amz-Expires']).toBe('60');
    expect(presigned.expiresAt).toBe('2026-03-02T08:31:00.000Z');
  });
});

describe('presignDownload', () => {
  it('lives five minutes and carries the original Chinese file name as RFC 5987 filename*', async () => {
    // Prepare
    const fileName = '浒山街道 2022年 VOCs 治理(验收).pdf';

    // Act
    const presigned = await store.presignDownload({ bucket: upload.bucket, key: upload.key, fileName, contentType: 'application/pdf', signingDate });

    // Assess
    const query = queryOf(presigned.url);
    expect(query['X-Amz-Expires']).toBe('300');
    expect(presigned.expiresAt).toBe('2026-03-02T08:35:00.000Z');
    expect(query['response-content-type']).toBe('application/pdf');
    const disposition = query['response-content-disposition']!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(disposition).toContain("filename*=UTF-8''%E6%B5%92%E5%B1%B1");
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(fileName);
  });
});

describe('contentDisposition', () => {
  it('keeps an ASCII name readable and escapes quotes, backslashes and the characters RFC 5987 reserves', () => {
    // Act & Assess
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition(`a "b" c\\d's (1)*.pdf`)).toBe(
      `attachment; filename="a _b_ c_d's (1)*.pdf"; filename*=UTF-8''a%20%22b%22%20c%5Cd%27s%20%281%29%2A.pdf`,
    );
    expect(contentDisposition('整改报告.docx')).toBe(
      `attachment; filename="____.docx"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.docx`,
    );
  });
});

describe('hexToBase64', () => {
  it('turns the API hex digest into the base64 S3 expects, and refuses anything else', () => {
    // Act & Assess
    expect(hexToBase64(sha256Hex)).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(() => hexToBase64('abc')).toThrow();
  });
});

describe('s3()', () => {
  const saved = process.env.S3_ENDPOINT;
  afterEach(() => {
    if (saved === undefined) delete process.env.S3_ENDPOINT;
    else process.env.S3_ENDPOINT = saved;
  });

  it('talks path-style to S3_ENDPOINT when set, and follows it when it changes', async () => {
    // Prepare
    process.env.S3_ENDPOINT = 'http://127.0.0.1:4599';
    const local = s3ObjectStore();

    // Act
    const first = await local.presignUpload(upload);
    const sameClient = s3() === s3();
    process.env.S3_ENDPOINT = 'http://127.0.0.1:4600';
    const second = await local.presignUpload(upload);

    // Assess
    expect(first.url.startsWith('http://127.0.0.1:4599/evidence-bucket/evidence/cixi-2022.g1.hushan/ev-')).toBe(true);
    expect(second.url.startsWith('http://127.0.0.1:4600/evidence-bucket/')).toBe(true);
    expect(sameClient).toBe(true);
  });
});
