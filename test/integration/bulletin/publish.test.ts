import { GetCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, REGION } from '../../../infra/local/fake-aws.js';
import { startS3Endpoint, type S3Endpoint } from '../../../infra/local/s3-endpoint.js';
import { fixedClock } from '../../../shared/clock/clock.js';
import { useTestTable } from '../../support/test-table.js';
import { breakDownCixi } from '../chase/cixi.js';

// Publishing on DynamoDB Local and the local S3 endpoint: the Cixi sample, chased on 2022-10-20 (通报 for
// the spray-shop re-check, due 2022-09-30), then the bulletin of 2022-11 published on Tuesday 2022-11-01.

const tableName = await useTestTable();
const { chasePage } = await import('../../../shared/chase/chase-page.js');
const { buildBulletin } = await import('../../../shared/bulletin/bulletin.js');
const { getBulletinText } = await import('../../../shared/bulletin/bulletin-objects.js');
const { bulletinObjectKeys, getBulletinRecord, publishBulletin, readBulletinInput } = await import('../../../shared/bulletin/publish.js');
const { OPEN_SHARDS, keys } = await import('../../../shared/store/keys.js');
const { putOrganisation } = await import('../../../shared/store/settings-repo.js');
const { dynamo } = await import('../../../shared/store/client.js');

const BUCKET = 'bulletin-test-bucket';
const CHASE_DAY = '2022-10-20';
const PUBLISHED_ON = '2022-11-01';

let s3: S3Endpoint;

beforeAll(async () => {
  s3 = await startS3Endpoint({ buckets: [BUCKET] });
  Object.assign(process.env, {
    S3_ENDPOINT: s3.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  });
  await breakDownCixi();
  const clock = fixedClock(`${CHASE_DAY}T09:00:00+08:00`);
  for (let shard = 0; shard < OPEN_SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await chasePage({ year: 2022, shard, date: CHASE_DAY, pageSize: 50, ...(startKey ? { startKey } : {}) }, { clock });
      startKey = page.nextKey;
    } while (startKey);
  }
});
afterAll(async () => {
  await s3?.close();
});

async function storedItem(month: string) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.bulletin(month), ConsistentRead: true }));
  return Item;
}

/** Fails the put of the bulletin item, as a crash right after the objects were written would leave it. */
function crashBeforeTheItem() {
  const name = 'crash-before-bulletin-item';
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Item?: { pk?: string } };
      if (input.Item?.pk === 'BULLETINS') throw Object.assign(new Error('the function was cut off'), { name: 'Crash' });
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => dynamo().middlewareStack.remove(name);
}

describe('publishBulletin', () => {
  it('writes the JSON, HTML and XLSX (Chinese and English) under reports/bulletins/ and then the item', async () => {
    // Prepare
    const expected = buildBulletin(await readBulletinInput(PUBLISHED_ON));

    // Act
    const result = await publishBulletin(PUBLISHED_ON, { bucket: BUCKET, clock: fixedClock('2022-11-01T09:05:00+08:00') });

    // Assess
    const objects = bulletinObjectKeys('2022-11');
    expect(objects).toEqual({
      html: 'reports/bulletins/2022-11.html',
      xlsx: 'reports/bulletins/2022-11.xlsx',
      json: 'reports/bulletins/2022-11.json',
      en: { html: 'reports/bulletins/2022-11.en.html', xlsx: 'reports/bulletins/2022-11.en.xlsx' },
    });
    expect(result).toEqual({
      month: '2022-11',
      covers: '2022-10',
      publishedOn: PUBLISHED_ON,
      publishedAt: '2022-11-01T01:05:00.000Z',
      objects,
      totals: expected.totals,
      // The bureau has not set its particulars: the bulletin goes out without issuer or number.
      particulars: { issuer: null, documentNumber: null, cc: [] },
      published: true,
    });
    const { published: _, ...record } = result;
    expect(await getBulletinRecord('2022-11')).toEqual(record);
    expect(await storedItem('2022-11')).toMatchObject({ entity: 'bulletin', month: '2022-11' });

    const json = JSON.parse((await getBulletinText(BUCKET, objects.json))!);
    expect(json).toEqual(expected);
    expect(json.units).toHaveLength(28);
    expect(json.noticed).toContainEqual(
      expect.objectContaining({ taskId: 'cixi-2022.spray-recheck.hushan', unitName: '浒山街道', level: 'notice', date: CHASE_DAY }),
    );
    expect(await getBulletinText(BUCKET, objects.html)).toContain('已整治喷涂企业“回头看”排查');
    expect(await getBulletinText(BUCKET, objects.en.html)).toContain('<title>Progress of the key tasks, October 2022</title>');
    for (const key of [objects.xlsx, objects.en.xlsx]) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await fetchBytes(key)) as unknown as ArrayBuffer);
      expect(workbook.worksheets, key).toHaveLength(3);
    }
  });

  it('publishes nothing twice: a re-run answers the first publication', async () => {
    // Prepare
    const first = await getBulletinRecord('2022-11');

    // Act
    const again = await publishBulletin(PUBLISHED_ON, { bucket: BUCKET, clock: fixedClock('2022-11-01T15:00:00+08:00') });

    // Assess
    expect(again).toEqual({ ...first, published: false });
  });

  it('is finished by a retry when it stopped between the objects and the item, with the document number it claimed', async () => {
    // Prepare
    const publishedOn = '2022-12-01';
    await putOrganisation({ name: '宁波市生态环境局慈溪分局', numberPattern: '慈环督〔{year}〕{n}号', cc: ['宁波市生态环境局'] }, 'test', new Date());
    const restore = crashBeforeTheItem();
    const crashed = await publishBulletin(publishedOn, { bucket: BUCKET, clock: fixedClock('2022-12-01T09:05:00+08:00') }).catch((error: Error) => error);
    restore();
    expect(crashed).toMatchObject({ name: 'Crash' });
    expect(await storedItem('2022-12')).toBeUndefined();
    expect(await getBulletinText(BUCKET, bulletinObjectKeys('2022-12').json)).toBeDefined();

    // Act
    const retried = await publishBulletin(publishedOn, { bucket: BUCKET, clock: fixedClock('2022-12-01T09:06:00+08:00') });

    // Assess
    const particulars = { issuer: '宁波市生态环境局慈溪分局', documentNumber: '慈环督〔2022〕1号', cc: ['宁波市生态环境局'] };
    expect(retried).toMatchObject({ month: '2022-12', covers: '2022-11', published: true, publishedAt: '2022-12-01T01:06:00.000Z', particulars });
    expect(await storedItem('2022-12')).toMatchObject({ month: '2022-12', covers: '2022-11' });
    expect(await getBulletinText(BUCKET, bulletinObjectKeys('2022-12').html)).toContain('<p class="number">慈环督〔2022〕1号</p>');
  });

  it("numbers the year's bulletins one after another, the first of a new year 1 again", async () => {
    // Act
    const [january, february] = [
      await publishBulletin('2023-01-03', { bucket: BUCKET, clock: fixedClock('2023-01-03T09:05:00+08:00') }),
      await publishBulletin('2023-02-01', { bucket: BUCKET, clock: fixedClock('2023-02-01T09:05:00+08:00') }),
    ];

    // Assess
    expect(january.particulars?.documentNumber).toBe('慈环督〔2023〕1号');
    expect(february.particulars?.documentNumber).toBe('慈环督〔2023〕2号');
  });
});

async function fetchBytes(key: string): Promise<Buffer> {
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const { s3: client } = await import('../../../shared/evidence/object-store.js');
  const url = await getSignedUrl(client(), new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 60 });
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}
