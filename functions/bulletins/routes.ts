import type { Bulletin } from '../../shared/bulletin/bulletin.js';
import { getBulletinText } from '../../shared/bulletin/bulletin-objects.js';
import { contentTypes } from '../../shared/bulletin/bulletin-record.js';
import { getBulletinRecord } from '../../shared/store/bulletins-repo.js';
import { NotFound } from '../../shared/domain/errors.js';
import { objectStore } from '../../shared/evidence/object-store.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { BulletinParams, BulletinQuery } from './schema.js';

export function bulletinRoutes({ bucket }: { bucket: string }) {
  /**
   * The bulletin of a month of publication: its JSON (units, noticed tasks, totals, particulars) and
   * short-lived links to its HTML and XLSX, in Chinese unless `lang=en` (a bulletin published before the
   * English documents existed links its Chinese ones). 404 until the chase of the month's first working
   * day has published it.
   */
  const get = route({
    action: 'bulletin:read',
    params: BulletinParams,
    query: BulletinQuery,
    handle: async ({ params, query }) => {
      const { month } = params;
      const record = await getBulletinRecord(month);
      if (!record) throw new NotFound(`The bulletin of ${month} is not published (yet)`, `${month} 月度通报尚未发布`);
      const text = await getBulletinText(bucket, record.objects.json);
      // The objects are written before the item: a published item without its JSON is a fault, not a 404.
      if (text === undefined) throw new Error(`bulletin ${month}: ${record.objects.json} is missing from the bucket`);
      const bulletin = JSON.parse(text) as Bulletin;
      const english = query.lang === 'en' && record.objects.en !== undefined;
      const download = (format: 'html' | 'xlsx') =>
        objectStore.presignDownload({
          bucket,
          key: english ? record.objects.en![format] : record.objects[format],
          fileName: english ? `bulletin-${month}.en.${format}` : `月度通报-bulletin-${month}.${format}`,
          contentType: contentTypes[format],
        });
      const [html, xlsx] = await Promise.all([download('html'), download('xlsx')]);
      return json(200, { ...bulletin, publishedAt: record.publishedAt, lang: english ? 'en' : 'zh', html, xlsx });
    },
  });

  return { get };
}
