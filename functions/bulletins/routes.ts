import type { Bulletin } from '../../shared/bulletin/bulletin.js';
import { getBulletinText } from '../../shared/bulletin/bulletin-objects.js';
import { contentTypes, getBulletinRecord } from '../../shared/bulletin/publish.js';
import { NotFound } from '../../shared/domain/errors.js';
import { objectStore } from '../../shared/evidence/object-store.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { BulletinParams } from './schema.js';

export function bulletinRoutes({ bucket }: { bucket: string }) {
  /**
   * The bulletin of a month of publication: its JSON (units, noticed tasks, totals) and short-lived links
   * to its HTML and XLSX. 404 until the chase of the month's first working day has published it.
   */
  const get = route({
    action: 'bulletin:read',
    params: BulletinParams,
    handle: async ({ params }) => {
      const { month } = params;
      const record = await getBulletinRecord(month);
      if (!record) throw new NotFound(`The bulletin of ${month} is not published (yet)`, `${month} 月度通报尚未发布`);
      const text = await getBulletinText(bucket, record.objects.json);
      // The objects are written before the item: a published item without its JSON is a fault, not a 404.
      if (text === undefined) throw new Error(`bulletin ${month}: ${record.objects.json} is missing from the bucket`);
      const bulletin = JSON.parse(text) as Bulletin;
      const download = (format: 'html' | 'xlsx') =>
        objectStore.presignDownload({
          bucket,
          key: record.objects[format],
          fileName: `月度通报-bulletin-${month}.${format}`,
          contentType: contentTypes[format],
        });
      const [html, xlsx] = await Promise.all([download('html'), download('xlsx')]);
      return json(200, { ...bulletin, publishedAt: record.publishedAt, html, xlsx });
    },
  });

  return { get };
}
