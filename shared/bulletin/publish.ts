import type { Clock } from '../clock/clock.js';
import { documentNumber } from '../domain/organisation.js';
import { escalationsOfDay } from '../store/escalations.js';
import { getBulletinRecord, putBulletinRecordOnce } from '../store/bulletins-repo.js';
import { retryableOnTransient } from '../store/faults.js';
import { keys } from '../store/keys.js';
import { listPlans, loadPlan } from '../store/plans-repo.js';
import { mapWithConcurrency } from '../store/pool.js';
import { claimDocumentNumber, getOrganisation } from '../store/settings-repo.js';
import { allPlanTasks } from '../store/task-queries.js';
import { buildBulletin, noParticulars, previousMonth, type Bulletin, type BulletinInput, type BulletinParticulars, type BulletinPlan } from './bulletin.js';
import { putBulletinObject } from './bulletin-objects.js';
import { bulletinObjectKeys, contentTypes, type BulletinObjectKeys, type BulletinRecord } from './bulletin-record.js';
import { renderBulletinHtml } from './render-html.js';
import { renderBulletinXlsx } from './render-xlsx.js';

/*
 * Publishing the bulletin of a month (docs/architecture.md, "Monthly bulletin"): read what it covers and the
 * bureau's particulars (its document number claimed once, docs/decisions/0015-organisation-settings.md),
 * build it, write its objects to the bucket (JSON; HTML and workbook in Chinese and in English), then the
 * `BULLETINS` / `<M>` item, put only if absent. The item is the publication: until it exists nothing links
 * the objects, so a run that stops between the puts and the item (a crash, a timeout) is finished by its
 * retry, which writes the objects again (with the number it claimed the first time) and then the item.
 * Once it exists a re-run publishes nothing.
 */

export { BULLETIN_PREFIX, bulletinObjectKeys, contentTypes, type BulletinObjectKeys, type BulletinRecord } from './bulletin-record.js';
export { getBulletinRecord } from '../store/bulletins-repo.js';

/** Days of a covered month read at once for their escalations. */
const CONCURRENCY = 8;

/**
 * What the bulletin published on `publishedOn` covers: the plans of the covered month's year with their
 * units and tasks, and the escalations raised on each day of the covered month (one Query per day on the
 * day index, the partitions the digests read; never a Scan).
 */
export async function readBulletinInput(publishedOn: string): Promise<BulletinInput> {
  const covers = previousMonth(publishedOn.slice(0, 7));
  const year = Number(covers.slice(0, 4));
  const summaries = (await listPlans()).filter((plan) => plan.year === year);
  const plans = await mapWithConcurrency(summaries, CONCURRENCY, async (summary): Promise<BulletinPlan> => {
    const stored = await loadPlan(summary.planId);
    return {
      planId: summary.planId,
      name: summary.name,
      margin: summary.tracking.margin,
      units: (stored?.plan.units ?? []).map((unit) => ({ id: unit.id, name: unit.name })),
      tasks: await allPlanTasks(summary.planId, year),
    };
  });
  const days = daysOf(covers);
  const escalations = (await mapWithConcurrency(days, CONCURRENCY, (day) => escalationsOfDay(day))).flat();
  return { publishedOn, plans, escalations };
}

/** Every date of a month (`YYYY-MM`). */
function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export interface PublishResult extends BulletinRecord {
  /** False when the bulletin was published already (an earlier run, or a concurrent one that got there first). */
  published: boolean;
}

export interface PublishDeps {
  bucket: string;
  clock: Clock;
}

/**
 * Publishes the bulletin of `publishedOn`'s month, once. The objects are written before the item, so a
 * published item always names objects that exist. Two runs at once may both write the objects (the later
 * writes win, both read as of the same day); the item is written by one of them only.
 */
export async function publishBulletin(publishedOn: string, deps: PublishDeps): Promise<PublishResult> {
  const month = publishedOn.slice(0, 7);
  const existing = await getBulletinRecord(month);
  if (existing) return { ...existing, published: false };

  const [input, particulars] = await retryableOnTransient(() => Promise.all([readBulletinInput(publishedOn), readParticulars(month)]));
  const bulletin = buildBulletin({ ...input, particulars });
  const objects = bulletinObjectKeys(month);
  await writeObjects(deps.bucket, objects, bulletin);

  const record: BulletinRecord = {
    month,
    covers: bulletin.covers,
    publishedOn,
    publishedAt: deps.clock.now().toISOString(),
    objects,
    totals: bulletin.totals,
    particulars,
  };
  // A month is published once: a run that lost the race answers with the bulletin the winner wrote.
  if (await putBulletinRecordOnce(record)) return { ...record, published: true };
  return { ...(await getBulletinRecord(month))!, published: false };
}

/**
 * The bureau's particulars as the bulletin of `month` prints them: its issuer (else its full name), its copies,
 * and its document number when the bureau has a pattern, the year's next running number claimed for this
 * bulletin once (a retry or a re-run gets the same). None before the bureau set them.
 */
async function readParticulars(month: string): Promise<BulletinParticulars> {
  const stored = await getOrganisation();
  if (!stored) return noParticulars;
  const { name, issuer, numberPattern, cc } = stored.organisation;
  const year = Number(month.slice(0, 4));
  return {
    issuer: issuer ?? name,
    documentNumber: numberPattern ? documentNumber(numberPattern, year, await claimDocumentNumber(year, `bulletin#${month}`)) : null,
    cc: cc ?? [],
  };
}

async function writeObjects(bucket: string, objects: Required<BulletinObjectKeys>, bulletin: Bulletin): Promise<void> {
  const [xlsx, xlsxEn, html, htmlEn] = await Promise.all([
    renderBulletinXlsx(bulletin, 'zh'),
    renderBulletinXlsx(bulletin, 'en'),
    renderBulletinHtml(bulletin, 'zh'),
    renderBulletinHtml(bulletin, 'en'),
  ]);
  await Promise.all([
    putBulletinObject(bucket, objects.json, `${JSON.stringify(bulletin, null, 2)}\n`, contentTypes.json),
    putBulletinObject(bucket, objects.html, html, contentTypes.html),
    putBulletinObject(bucket, objects.xlsx, xlsx, contentTypes.xlsx),
    putBulletinObject(bucket, objects.en.html, htmlEn, contentTypes.html),
    putBulletinObject(bucket, objects.en.xlsx, xlsxEn, contentTypes.xlsx),
  ]);
}
